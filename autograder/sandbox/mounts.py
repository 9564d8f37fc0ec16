"""The kernel's view of the filesystem, built in its own mount namespace (as root).

Call in this order, after `enter_namespaces()`:
  readable_to(folders, ids)    an idmapped view over each folder other users cannot read (a course
                               cloned with umask 077), where its owner's files are the kernel uid's
  private_tmp(size)            a fresh, size-capped /tmp (also at /dev/shm and /var/tmp)
  hide(paths, keep_visible)    an empty, unreadable mount over each hidden path
                               (and over closed_ancestors(keep_visible), to reach Python, and over
                               all_but(course code, needed): only its autograder package shows)
  fresh_proc()                 a /proc that shows only the kernel's own processes
  read_only_everywhere()       every other mount read-only
Mounts are made private first, so nothing here ever reaches the host's mounts.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from .syscalls import (CLONE_NEWIPC, CLONE_NEWNET, CLONE_NEWNS, CLONE_NEWUSER, CLONE_NEWUTS, MNT_DETACH,
                       MOUNT_ATTR_IDMAP, MOUNT_ATTR_NODEV, MOUNT_ATTR_NOSUID, MOUNT_ATTR_RDONLY, MS_BIND, MS_NOATIME,
                       MS_NODEV, MS_NODIRATIME, MS_NOEXEC, MS_NOSUID, MS_PRIVATE, MS_RDONLY, MS_REC, MS_RELATIME,
                       MS_REMOUNT, MS_STRICTATIME, mount, mount_setattr, move_mount, open_tree_clone, sethostname,
                       umount, unshare)

# unshare errors that mean "namespaces are not available here" (not root, no kernel support, seccomp).
UNAVAILABLE = (errno.EPERM, errno.EINVAL, errno.ENOSYS, errno.EACCES)

# Mounts that stay writable: the private /tmp and its aliases, /proc and /dev (device nodes).
_WRITABLE = ("/tmp", "/var/tmp", "/dev", "/proc")

_FLAGS = {"nosuid": MS_NOSUID, "nodev": MS_NODEV, "noexec": MS_NOEXEC, "noatime": MS_NOATIME,
          "nodiratime": MS_NODIRATIME, "relatime": MS_RELATIME, "strictatime": MS_STRICTATIME}


def enter_namespaces(hostname: str = "sandbox") -> bool:
    """New mount, network (no interface up), IPC and UTS namespaces, every mount made private.

    False when this machine or user cannot have namespaces (the caller falls back); any failure
    after the namespaces exist raises, so a half-built sandbox never runs student code.
    """
    try:
        unshare(CLONE_NEWNS | CLONE_NEWNET | CLONE_NEWIPC | CLONE_NEWUTS)
    except OSError as error:
        if error.errno in UNAVAILABLE:
            return False
        raise
    mount(None, "/", None, MS_REC | MS_PRIVATE)
    sethostname(hostname)
    return True


def readable_to(folders: list[str], uid: int, gid: int) -> list[str]:
    """Make each folder that other users may not read or enter readable to `uid`:`gid`, read-only; notes.

    The folder is covered by an idmapped, read-only view of itself in which the files of its
    owner (uid and group) belong to `uid`:`gid`; nothing on disk changes. A note says why a
    folder kept its view (a file system without idmapped mounts, such as NFS).
    """
    notes = []
    for folder in _outermost(os.path.realpath(path) for path in folders if os.path.isdir(path)):
        info = os.stat(folder)
        if info.st_mode & 0o005 == 0o005:
            continue  # others may read and enter it
        try:
            _idmapped_over_itself(folder, (info.st_uid, uid), (info.st_gid, gid))
        except OSError as error:
            notes.append(f"{folder} (mode {stat.S_IMODE(info.st_mode):o}) stays unreadable to uid {uid}: "
                         f"no idmapped view ({error.strerror})")
        else:
            notes.append(f"{folder} (mode {stat.S_IMODE(info.st_mode):o}): its owner's files are uid {uid}'s, "
                         f"read-only, in an idmapped view")
    return notes


def _idmapped_over_itself(folder: str, uids: tuple[int, int], gids: tuple[int, int]) -> None:
    userns = _user_namespace(uids, gids)
    try:
        tree = open_tree_clone(folder)
        try:
            mount_setattr(tree, MOUNT_ATTR_IDMAP | MOUNT_ATTR_RDONLY | MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV, userns)
            move_mount(tree, folder)
        finally:
            os.close(tree)
    finally:
        os.close(userns)


def _user_namespace(uids: tuple[int, int], gids: tuple[int, int]) -> int:
    """A descriptor of a new user namespace that maps uid uids[0] to uids[1] and gid gids[0] to gids[1]."""
    ready_r, ready_w = os.pipe()
    hold_r, hold_w = os.pipe()
    pid = os.fork()
    if pid == 0:  # a helper: makes the namespace, then waits for the parent to take it
        code = 1
        try:
            os.close(ready_r)
            os.close(hold_w)
            unshare(CLONE_NEWUSER)
            os.write(ready_w, b"1")
            os.read(hold_r, 1)
            code = 0
        finally:
            os._exit(code)
    os.close(ready_w)
    os.close(hold_r)
    try:
        if os.read(ready_r, 1) != b"1":
            raise OSError(errno.EPERM, "no user namespace could be made for an idmapped mount")
        Path(f"/proc/{pid}/uid_map").write_text(f"{uids[0]} {uids[1]} 1\n")
        Path(f"/proc/{pid}/gid_map").write_text(f"{gids[0]} {gids[1]} 1\n")
        return os.open(f"/proc/{pid}/ns/user", os.O_RDONLY | os.O_CLOEXEC)
    finally:
        os.close(ready_r)
        os.close(hold_w)
        os.waitpid(pid, 0)


def private_tmp(size_bytes: int, keep_visible: list[str] = ()) -> None:
    """A tmpfs of `size_bytes` at /tmp; /dev/shm and /var/tmp are folders of it (one quota for all).

    Folders of `keep_visible` that lie under /tmp (Python, the course's code, when the repository
    itself was cloned there, as a CI run may do) are mounted back into the new /tmp, read-only.
    """
    keep = _outermost(os.path.realpath(path) for path in keep_visible
                      if os.path.realpath(path).startswith("/tmp/") and os.path.isdir(path))
    sources = {folder: os.open(folder, os.O_PATH | os.O_DIRECTORY | os.O_CLOEXEC) for folder in keep}
    try:
        mount("tmpfs", "/tmp", "tmpfs", MS_NOSUID | MS_NODEV, f"size={size_bytes},mode=1777")
        for folder, fd in sources.items():
            current = Path("/tmp")
            for part in Path(folder).relative_to("/tmp").parts:
                current = current / part
                if not current.exists():
                    current.mkdir(mode=0o755)
            mount(f"/proc/self/fd/{fd}", folder, None, MS_BIND | MS_REC)
            mount(None, folder, None, MS_REMOUNT | MS_BIND | MS_RDONLY)
    finally:
        for fd in sources.values():
            os.close(fd)
    for alias in ("/dev/shm", "/var/tmp"):
        if os.path.isdir(alias):
            inner = Path("/tmp") / f".{alias.strip('/').replace('/', '-')}"
            inner.mkdir()
            inner.chmod(0o1777)
            mount(str(inner), alias, None, MS_BIND)


def _outermost(paths) -> list[str]:
    """The paths that are not inside another of them."""
    found: list[str] = []
    for path in sorted(set(paths), key=len):
        if not any(path == top or path.startswith(top.rstrip("/") + "/") for top in found):
            found.append(path)
    return found


def hide(paths: list[str], keep_visible: list[str]) -> list[str]:
    """Cover each existing path in `paths` with an empty mount nobody but root may read; the paths hidden.

    A directory that contains one of `keep_visible` (e.g. the Python installation under /root/.pyenv)
    gets a traversable-only tmpfs with just that folder mounted back, read-only.
    """
    hidden = []
    keep = sorted({os.path.realpath(path) for path in keep_visible if os.path.isdir(path)})
    holder = Path("/tmp/.sandbox-placeholders")
    holder.mkdir(mode=0o700)
    mount("tmpfs", holder, "tmpfs", MS_NOSUID | MS_NODEV | MS_NOEXEC, "size=64k,mode=700")
    try:
        (holder / "dir").mkdir(mode=0)
        (holder / "file").touch(mode=0)
        for path in sorted({os.path.realpath(path) for path in paths}, key=lambda p: p.count("/")):
            if not os.path.lexists(path):
                continue  # absent, or inside a path hidden already
            inside = [k for k in keep if k.startswith(path.rstrip("/") + "/")]
            if os.path.isdir(path) and inside:
                _hide_dir_except(path, inside)
            elif not _cover(holder, path):
                continue
            hidden.append(path)
    finally:
        umount(holder, MNT_DETACH)
        holder.rmdir()
    return hidden


def _cover(holder: Path, path: str) -> bool:
    """Bind the empty placeholder of path's kind over it; False when it went away before (SQLite's journal)."""
    for _ in range(3):
        try:
            mount(str(holder / ("dir" if os.path.isdir(path) else "file")), path, None, MS_BIND)
            return True
        except OSError as error:  # it went away, or changed kind, between the look and the mount
            if error.errno not in (errno.ENOENT, errno.ENOTDIR, errno.EISDIR):
                raise
            if not os.path.lexists(path):
                return False
    raise OSError(errno.EBUSY, f"{path} keeps changing kind; it could not be hidden")


def _hide_dir_except(path: str, inside: list[str]) -> None:
    sources = {folder: os.open(folder, os.O_PATH | os.O_DIRECTORY | os.O_CLOEXEC) for folder in inside}
    try:
        mount("tmpfs", path, "tmpfs", MS_NOSUID | MS_NODEV, "size=64k,mode=111")
        for folder, fd in sources.items():
            current = Path(path)
            for part in Path(folder).relative_to(path).parts:
                current = current / part
                if not current.exists():
                    current.mkdir(mode=0o111)
            mount(f"/proc/self/fd/{fd}", folder, None, MS_BIND | MS_REC)
    finally:
        for fd in sources.values():
            os.close(fd)


# Top-level folders a kernel keeps seeing (read-only): the system. Every other top-level folder
# (/work, /srv, /opt, /mnt, /home, ...) is hidden, except the folders Python and the course's code
# need, which `hide(..., keep_visible)` mounts back: other checkouts of the course, other courses
# and anything else on the machine stay out of reach.
SYSTEM_FOLDERS = ("bin", "dev", "etc", "lib", "lib32", "lib64", "libx32", "proc", "sbin", "sys", "tmp", "usr", "var")


def unlisted_top_level() -> list[str]:
    """The real (not symlinked) top-level folders that are not system folders."""
    return sorted(f"/{name}" for name in os.listdir("/")
                  if name not in SYSTEM_FOLDERS and os.path.isdir(f"/{name}") and not os.path.islink(f"/{name}"))


def all_but(folder: str, needed: list[str]) -> list[str]:
    """The entries of `folder` (dot-names included) but those in `needed`, or inside one of them.

    For the course's code: a kernel needs its autograder package (and Python, when the .venv is
    inside), never the rest: a demo course, notes, backups, a second copy of the answers. Hidden
    whatever their name, so that the list of hidden paths need not foresee them. An entry that
    contains a needed folder is listed too: `hide(..., keep_visible)` mounts that folder back.
    Symbolic links are not listed: covering one would cover its target (a `.venv` linked elsewhere).
    """
    folder = os.path.realpath(folder)
    needed = [os.path.realpath(path) for path in needed]
    try:
        names = os.listdir(folder)
    except OSError:
        return []
    entries = [os.path.join(folder, name) for name in sorted(names)]
    return [entry for entry in entries if not os.path.islink(entry)  # a link shows a path; its target has its own rules
            and not any(entry == path or entry.startswith(path.rstrip("/") + "/") for path in needed)]


def closed_ancestors(paths: list[str], uid: int) -> list[str]:
    """The first folder above each path that `uid` may not enter (e.g. /root, mode 700, for a kernel's uid).

    Python under /root/.pyenv is out of reach of the kernel's uid: hiding that folder with
    `keep_visible` mounts the Python installation back where that uid can reach it. A folder
    that `readable_to` gave to `uid` is its own, so that uid may enter it.
    """
    closed = set()
    for path in paths:
        current = Path(os.path.realpath(path))
        for folder in reversed(current.parents):
            info = os.stat(folder)
            if not info.st_mode & (stat.S_IXUSR if info.st_uid == uid else stat.S_IXOTH):
                closed.add(str(folder))
                break
    return sorted(closed)


def fresh_proc() -> None:
    """A new /proc where the kernel's uid sees its own processes only (hidepid=2)."""
    mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, "hidepid=2")


def read_only_everywhere() -> list[str]:
    """Remount every mount read-only but the writable ones (/tmp, /dev, /proc); notes on mounts that refused.

    MS_BIND makes each remount change this namespace's mount only, never the filesystem under it.
    """
    notes = []
    for mount_point, options in _mounts():
        if any(mount_point == top or mount_point.startswith(top + "/") for top in _WRITABLE):
            continue
        flags = MS_REMOUNT | MS_BIND | MS_RDONLY
        for option in options:
            flags |= _FLAGS.get(option, 0)
        try:
            mount(None, mount_point, None, flags)
        except OSError as error:
            if mount_point == "/":
                raise
            notes.append(f"{mount_point} stays as it was: {error.strerror}")
    return notes


def _mounts() -> list[tuple[str, list[str]]]:
    """(mount point, per-mount options) for each line of /proc/self/mountinfo."""
    found = []
    with open("/proc/self/mountinfo") as info:
        for line in info:
            fields = line.split()
            found.append((_unescape(fields[4]), fields[5].split(",")))
    return found


def _unescape(text: str) -> str:
    """mountinfo writes space, tab, newline and backslash as octal escapes (\\040 ...)."""
    return text.encode().decode("unicode_escape").encode("latin-1").decode() if "\\" in text else text
