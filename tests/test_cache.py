"""The one store every cache goes through: an entry comes back only for the version that wrote it,
a damaged or foreign file is a miss, and pruning keeps what the build used."""

from __future__ import annotations

import dataclasses

import pytest

from generator.cache import KINDS, PHOTOS, SHARE_CARDS, Caches, Kind, Store, code_version
from generator.media.cache import Encoding, PhotoCache


@pytest.fixture
def store(tmp_path):
    return Store(tmp_path / "cards", SHARE_CARDS)


def test_an_entry_put_comes_back_and_a_new_store_reads_it_from_disk(store):
    store.put("a.png", b"\x89PNG card")
    assert store.get("a.png") == b"\x89PNG card"
    assert Store(store.folder, SHARE_CARDS).get("a.png") == b"\x89PNG card"
    assert store.has("a.png") and not store.has("b.png")
    assert store.get("b.png") is None


def test_another_version_of_the_code_misses_every_entry(store):
    store.put("a.png", b"card")
    newer = dataclasses.replace(SHARE_CARDS, format=SHARE_CARDS.format + 1)
    assert newer.version != SHARE_CARDS.version
    assert Store(store.folder, newer).get("a.png") is None
    assert not Store(store.folder, newer).has("a.png")


def test_the_version_is_a_digest_of_the_code_that_makes_the_entries():
    assert code_version(1, ("media/sharecard.py",)) != code_version(1, ("media/pagecard.py",))
    assert code_version(1, ("media/sharecard.py",)) == SHARE_CARDS.version
    assert len({kind.folder for kind in KINDS}) == len(KINDS)  # no two caches share a folder


@pytest.mark.parametrize("content", [b"", b"half a lin", b"\x89PNG not written by the store", b"0" * 40 + b"\ncard"],
                         ids=["empty", "torn", "foreign", "other-version"])
def test_a_torn_or_foreign_file_is_a_miss_not_a_crash(store, content):
    store.folder.mkdir(parents=True)
    (store.folder / "a.png").write_bytes(content)
    assert store.get("a.png") is None
    made, drawn = store.get_or_make("a.png", lambda: b"drawn again")
    assert (made, drawn) == (b"drawn again", True)
    assert Store(store.folder, SHARE_CARDS).get("a.png") == b"drawn again"


def test_prune_keeps_what_the_build_used_and_what_it_names(store):
    for name in ("used.png", "kept.png", "old.png", "sub/older.png"):
        store.put(name, b"x")
    (store.folder / "b.png.tmp").write_bytes(b"another build writing")
    store.start()
    assert store.get_or_make("used.png", lambda: b"y") == (b"x", False)
    assert store.prune(keep={"kept.png"}) == 2
    assert sorted(p.relative_to(store.folder).as_posix() for p in store.folder.rglob("*")) == [
        "b.png.tmp", "kept.png", "used.png"]


def test_a_store_without_a_folder_keeps_nothing_on_disk(tmp_path):
    memory = Store(None, SHARE_CARDS)
    memory.put("a.png", b"x")
    assert memory.get("a.png") is None and memory.prune() == 0
    assert memory.used == {"a.png"}


def test_caches_name_every_folder_under_the_repository_and_start_each_build_afresh(tmp_path):
    caches = Caches(tmp_path)
    assert caches.photos.folder == tmp_path / ".cache" / "photos"
    assert {store.folder.relative_to(tmp_path).as_posix() for store in vars(caches).values()} == {
        kind.path for kind in KINDS}
    caches.share_cards.put("a.png", b"x")
    caches.start()
    assert caches.share_cards.used == set()


def test_photo_encodings_round_trip_through_the_store_and_a_damaged_entry_is_made_again(tmp_path):
    encodings = (Encoding("jpeg", 720, 480, b"\xff\xd8jpeg"), Encoding("webp", 360, 240, b"RIFFwebp"))
    PhotoCache(Store(tmp_path, PHOTOS)).put("ab12", encodings)
    fresh = PhotoCache(Store(tmp_path, PHOTOS))
    assert fresh.get("ab12") == encodings and fresh.reused == 1
    entry = tmp_path / "ab" / "ab12"
    entry.write_bytes(entry.read_bytes()[:-3])  # torn
    assert PhotoCache(Store(tmp_path, PHOTOS)).get("ab12") is None


def test_a_kind_names_its_folder_under_the_cache_root():
    assert Kind("x", ("cache.py",)).path == ".cache/x"
