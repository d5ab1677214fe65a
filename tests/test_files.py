import pytest

from rollcall.sources import files


def test_files_are_stored_under_their_sha256(data_dir):
    digest = files.store(b"an original page")
    assert digest == files.sha256_bytes(b"an original page")
    assert files.path_for(digest).read_bytes() == b"an original page"
    assert files.read(digest) == b"an original page"


def test_storing_the_same_bytes_twice_keeps_one_untouched_file(data_dir):
    digest = files.store(b"same")
    path = files.path_for(digest)
    mtime = path.stat().st_mtime_ns
    assert files.store(b"same") == digest
    assert path.stat().st_mtime_ns == mtime
    assert len([p for p in path.parent.iterdir()]) == 1


def test_a_changed_stored_file_is_detected(data_dir):
    digest = files.store(b"original")
    path = files.path_for(digest)
    path.chmod(0o640)
    path.write_bytes(b"tampered")
    with pytest.raises(OSError, match="does not match its hash"):
        files.read(digest)
