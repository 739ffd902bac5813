#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// How every output file is written: the one rule for reports, maps, CSV files and exports.
///
/// - **Regular files and new paths are written atomically**: the bytes go to a temporary file
///   `.NAME.PID.tmp` in the same folder, are flushed to disk (`fsync`), and the temporary file is
///   renamed over NAME. A failure (full disk, read-only folder, a kill) never leaves a partial NAME,
///   and an existing NAME stays as it was.
/// - **Anything else is never replaced.** A FIFO or a character device (`/dev/null`, a terminal,
///   `/dev/stdout`, a pipe behind `/proc/self/fd/1`) is written through, as `>` in a shell would;
///   a folder, a block device or a socket is refused with the reason. A symbolic link to a regular
///   file is followed: the file it points to is replaced atomically and the link stays a link; a
///   link to nothing is refused.
/// - **`-` is standard output**, where the caller allows it (``write(_:to:mode:standardOutput:)``).
/// - **Permissions.** A new file gets ``sharedMode`` (0644) filtered by the umask: outputs are made
///   to be shared (a report to mail, a map, a CSV for a spreadsheet) and hold no patient
///   identifiers, but no one else may change them, so never group- or world-writable — even under
///   umask 000, where a plain `open(2)` with 0666 would make them so. Files of confidential data
///   (a workspace export, which holds encounters) use ``privateMode`` (0600). A replaced file keeps
///   its permissions, narrowed to the mode asked for (never widened: a 0600 report stays 0600, a
///   0666 one becomes 0644, an export always 0600 or less).
/// - **Leftovers.** Before writing NAME, temporary files `.NAME.PID.tmp` that a killed run left
///   (their process is gone, the file is ours) are removed.
public enum OutputFile {
    /// Permission bits of a new output file, before the umask: rw-r--r--.
    public static let sharedMode: mode_t = 0o644
    /// Permission bits of a confidential output file (workspace exports): rw-------.
    public static let privateMode: mode_t = 0o600

    /// A failure to write an output, in words for the user (`cannot write PATH: reason`).
    public struct WriteError: Error, CustomStringConvertible, Sendable {
        /// What went wrong.
        public var description: String
        /// Creates an error.
        public init(_ description: String) { self.description = description }
    }

    /// Whether standard output may receive the bytes when the path is `-`.
    public enum StandardOutput: Sendable {
        /// `-` writes to standard output.
        case allowed
        /// `-` is refused with this reason (e.g. `--format csv prints the rows`).
        case refused(String)
    }

    /// Writes `bytes` to `path` by the rules above.
    public static func write(_ bytes: [UInt8], to path: String, mode: mode_t = sharedMode,
                             standardOutput: StandardOutput = .allowed) throws(WriteError) {
        let shown = UserText.escaped(path, limit: 200)
        if path == "-" {
            if case .refused(let why) = standardOutput { throw WriteError("cannot write to standard output (-): \(why)") }
            return try writeAll(bytes, to: 1, path: "standard output")
        }
        if path.isEmpty { throw WriteError("cannot write an output to an empty path") }
        var st = stat()
        if lstat(path, &st) != 0 {
            guard errno == ENOENT else { throw WriteError("cannot write \(shown): \(String(cString: strerror(errno)))") }
            return try replaceAtomically(bytes, at: path, mode: mode & ~currentUmask(), owner: nil, shown: shown)
        }
        if kind(st) == S_IFLNK {
            var target = stat()
            guard stat(path, &target) == 0 else {
                throw WriteError("cannot write \(shown): it is a symbolic link to a missing file; give the file's own path")
            }
            st = target
        }
        switch kind(st) {
        case S_IFREG:
            // Through a link: replace the file it names, in its own folder, and keep the link.
            guard let real = realpath(path, nil) else {
                throw WriteError("cannot write \(shown): \(String(cString: strerror(errno)))")
            }
            let resolved = String(cString: real)
            free(real)
            try replaceAtomically(bytes, at: resolved, mode: mode_t(st.st_mode) & mode & 0o777, owner: (st.st_uid, st.st_gid),
                                  shown: shown)
        case S_IFIFO, S_IFCHR:
            let fd = open(path, O_WRONLY | O_NOCTTY | O_CLOEXEC)
            guard fd >= 0 else { throw WriteError("cannot write \(shown): \(String(cString: strerror(errno)))") }
            defer { close(fd) }
            try writeAll(bytes, to: fd, path: shown)
        case S_IFDIR:
            throw WriteError("cannot write \(shown): it is a folder; give a file name")
        case S_IFBLK:
            throw WriteError("cannot write \(shown): it is a block device; Liaison writes outputs only to regular files "
                             + "(replaced atomically), pipes and character devices")
        default:
            throw WriteError("cannot write \(shown): it is a socket or another special file; Liaison writes outputs only "
                             + "to regular files, pipes and character devices")
        }
    }

    /// Whether `path` names something that is written through rather than replaced: an existing
    /// FIFO or character device (or a link to one), or `-`. Such an output need not carry a file
    /// extension: `report --out /dev/stdout` is as good as `report --out -`.
    public static func isWrittenThrough(_ path: String) -> Bool {
        if path == "-" { return true }
        var st = stat()
        guard stat(path, &st) == 0 else { return false }
        return kind(st) == S_IFIFO || kind(st) == S_IFCHR
    }

    /// Refuses when an output names one of the command's inputs (the same file, by device and
    /// inode, whatever the path: a link, `./`, another case on a case-insensitive disk).
    ///
    /// - Parameters:
    ///   - output: the output path (`-` and absent files pass).
    ///   - inputs: the files the command reads.
    ///   - option: how the output was given, for the message (`--out`).
    public static func refuseInput(_ output: String, inputs: [String], option: String = "--out") throws(WriteError) {
        guard output != "-", let out = identity(output) else { return }
        for input in inputs where identity(input).map({ $0 == out }) ?? false {
            let what = input == output ? "an input of this command"
                : "the same file as the input \(UserText.escaped(input, limit: 200))"
            throw WriteError("\(option) \(UserText.escaped(output, limit: 200)) is \(what): writing it would destroy "
                             + "what is being read; choose another file")
        }
    }

    /// The temporary file an atomic write of `path` uses: `.NAME.PID.tmp` beside it.
    public static func temporaryPath(for path: String, pid: Int32 = getpid()) -> String {
        let url = URL(fileURLWithPath: path)
        return url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).\(pid).tmp").path
    }

    /// Removes temporary files `.NAME.PID.tmp` (and `.NAME.PID.tmp-journal`) beside `path` that a
    /// killed run left: regular files owned by this user whose process no longer exists. Returns how
    /// many were removed.
    @discardableResult
    public static func removeStaleTemporaries(for path: String) -> Int {
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent().path
        let prefix = ".\(url.lastPathComponent)."
        guard let dir = opendir(folder) else { return 0 }
        defer { closedir(dir) }
        var removed = 0
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            // `.NAME.PID.tmp`, and the journal SQLite keeps beside a workspace being created.
            let suffix = name.hasSuffix(".tmp") ? ".tmp" : ".tmp-journal"
            guard name.hasPrefix(prefix), name.hasSuffix(suffix) else { continue }
            let middle = name.dropFirst(prefix.count).dropLast(suffix.count)
            guard !middle.isEmpty, middle.allSatisfy(\.isASCII), middle.allSatisfy(\.isNumber),
                  let pid = Int32(middle), pid > 0, pid != getpid() else { continue }
            guard kill(pid, 0) != 0, errno == ESRCH else { continue }   // that process still runs
            let full = (folder as NSString).appendingPathComponent(name)
            var st = stat()
            guard lstat(full, &st) == 0, kind(st) == S_IFREG, st.st_uid == geteuid() else { continue }
            if unlink(full) == 0 { removed += 1 }
        }
        return removed
    }

    // MARK: - Private

    private static func kind(_ st: stat) -> mode_t { mode_t(st.st_mode) & mode_t(S_IFMT) }

    private static func identity(_ path: String) -> (dev: UInt64, ino: UInt64)? {
        var st = stat()
        guard stat(path, &st) == 0 else { return nil }
        return (UInt64(st.st_dev), UInt64(st.st_ino))
    }

    private static func currentUmask() -> mode_t {
        let m = umask(0o022)
        umask(m)
        return m
    }

    private static func replaceAtomically(_ bytes: [UInt8], at path: String, mode: mode_t, owner: (uid_t, gid_t)?,
                                          shown: String) throws(WriteError) {
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        var st = stat()
        guard stat(folder, &st) == 0, kind(st) == S_IFDIR else {
            throw WriteError("cannot write \(shown): folder \(UserText.escaped(folder, limit: 200)) does not exist")
        }
        removeStaleTemporaries(for: path)
        let tmp = temporaryPath(for: path)
        var fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode)
        if fd < 0 && errno == EEXIST {   // our own, from an earlier failure of this process
            unlink(tmp)
            fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode)
        }
        guard fd >= 0 else { throw WriteError("cannot write \(shown): \(String(cString: strerror(errno)))") }
        var failure: String?
        if let owner, geteuid() == 0 { _ = fchown(fd, owner.0, owner.1) }
        if fchmod(fd, mode) != 0 { failure = String(cString: strerror(errno)) }
        if failure == nil {
            do throws(WriteError) { try writeAll(bytes, to: fd, path: shown) } catch { failure = error.description }
        }
        if failure == nil, fsync(fd) != 0 { failure = "cannot write \(shown): \(String(cString: strerror(errno)))" }
        if close(fd) != 0, failure == nil { failure = "cannot write \(shown): \(String(cString: strerror(errno)))" }
        if failure == nil, rename(tmp, path) != 0 { failure = "cannot write \(shown): \(String(cString: strerror(errno)))" }
        if let failure {
            unlink(tmp)
            throw WriteError(failure.hasPrefix("cannot write") ? failure : "cannot write \(shown): \(failure)")
        }
        // The rename itself reaches the disk with the folder.
        let dfd = open(folder, O_RDONLY | O_CLOEXEC)
        if dfd >= 0 { _ = fsync(dfd); close(dfd) }
    }

    private static func writeAll(_ bytes: [UInt8], to fd: Int32, path: String) throws(WriteError) {
        var off = 0
        var failure: String?
        bytes.withUnsafeBytes { p in
            while off < p.count {
                guard let base = p.baseAddress else { return }
                let n = posixWrite(fd, base + off, p.count - off)
                if n < 0 {
                    if errno == EINTR { continue }
                    failure = String(cString: strerror(errno)); return
                }
                off += n
            }
        }
        if let failure { throw WriteError("cannot write \(path): \(failure)") }
    }
}

/// `write(2)`, named apart from ``OutputFile/write(_:to:mode:standardOutput:)``.
private func posixWrite(_ fd: Int32, _ p: UnsafeRawPointer, _ n: Int) -> Int { write(fd, p, n) }
