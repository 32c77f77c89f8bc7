"""The command line's own words in Vietnamese: argparse's usage, help headings and errors.

argparse writes "usage:", "options", "show this help message and exit" and its errors in English;
the editors who run ``nttv`` read Vietnamese. The errors are built by argparse before ``error`` sees
them, so they are recognised by their English templates; one not known here is printed unchanged.
"""

from __future__ import annotations

import argparse
import re
import sys

USAGE = "cách dùng: "

_ERRORS = (
    (r"argument (?P<arg>.+?): invalid int value: (?P<value>.+)", "{arg}: {value} không phải một số nguyên"),
    (r"argument (?P<arg>.+?): invalid \S+ value: (?P<value>.+)", "{arg}: giá trị {value} không hợp lệ"),
    (r"argument (?P<arg>.+?): invalid choice: (?P<value>.+?) \(choose from (?P<choices>.+)\)",
     "{arg}: {value} không hợp lệ, hãy chọn một trong {choices}"),
    (r"argument (?P<arg>.+?): expected one argument", "{arg}: thiếu giá trị sau tùy chọn"),
    (r"argument (?P<arg>.+?): expected at least one argument", "{arg}: cần ít nhất một giá trị"),
    (r"argument (?P<arg>.+?): ignored explicit argument (?P<value>.+)", "{arg} không nhận giá trị {value}"),
    (r"argument (?P<arg>.+?): not allowed with argument (?P<other>.+)", "{arg} không dùng cùng {other} được"),
    (r"the following arguments are required: (?P<args>.+)", "thiếu {args}"),
    (r"unrecognized arguments: (?P<args>.+)", "không hiểu {args}: xem `--help` để biết các tùy chọn"),
    (r"ambiguous option: (?P<option>\S+) could match (?P<matches>.+)", "tùy chọn {option} chưa rõ: có thể là {matches}"),
)

# argparse names the sub-command's argument by its dest.
_NAMES = {"command": "lệnh"}


def vietnamese(message: str) -> str:
    """argparse's error ``message`` in Vietnamese (unchanged when its template is not known)."""
    for pattern, wording in _ERRORS:
        match = re.fullmatch(pattern, message, flags=re.DOTALL)
        if match:
            parts = {key: _NAMES.get(value, value) for key, value in match.groupdict().items()}
            return wording.format(**parts)
    return message


class HelpFormatter(argparse.HelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):
        super().add_usage(usage, actions, groups, USAGE if prefix is None else prefix)


class ArgumentParser(argparse.ArgumentParser):
    """An ``argparse.ArgumentParser`` that speaks Vietnamese; sub-commands made from it do too."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("formatter_class", HelpFormatter)
        add_help = kwargs.pop("add_help", True)
        super().__init__(*args, add_help=False, **kwargs)
        self._positionals.title = "tham số"
        self._optionals.title = "tùy chọn"
        if add_help:
            self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS, help="in hướng dẫn này rồi thoát")

    def error(self, message: str):
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: lỗi: {vietnamese(message)}\n")
