import CGraphviz
import Foundation

/// The process-wide gate to Graphviz's C libraries.
///
/// cgraph and gvc keep global state (the string dictionary, the error channel, plugin tables,
/// `setlocale` toggling during layout), so they are not thread-safe. Every call into them, from any
/// thread, goes through ``withLock(_:)``. The lock is recursive, so a wrapper's `deinit` that runs
/// while the lock is already held (an object released inside a locked block) does not deadlock.
public enum Graphviz {
    private static let lock = NSRecursiveLock()

    /// Runs `body` while holding the process-wide Graphviz lock.
    ///
    /// Reentrant: calling it again from inside `body` on the same thread is allowed. The first call
    /// also installs Liaison's error handler (see ``GraphvizError``).
    public static func withLock<T>(_ body: () throws -> T) rethrows -> T {
        lock.lock()
        defer { lock.unlock() }
        Diagnostics.installOnce()
        return try body()
    }
}

/// The Graphviz library this program is linked against.
public enum GraphvizInfo {
    /// Graphviz version string, e.g. `2.43.0`, read from the library with `gvcVersion`
    /// (`"unknown"` when no Graphviz context can be created).
    public static var version: String {
        Graphviz.withLock {
            if let cachedVersion { return cachedVersion }
            guard let context = try? GraphvizContext.shared(), let v = gvcVersion(context.pointer) else { return "unknown" }
            let version = String(cString: v)
            cachedVersion = version
            return version
        }
    }

    /// Guarded by the Graphviz lock.
    nonisolated(unsafe) private static var cachedVersion: String?
}

/// What went wrong inside Graphviz, with Graphviz's own messages.
public enum GraphvizError: Error, Equatable, Sendable, CustomStringConvertible, LocalizedError {
    /// `gvContext()` returned no context.
    case contextUnavailable
    /// Building the graph failed (`agopen`, `agnode`, `agedge` or `agsubg` returned nothing).
    case graphConstruction(String, messages: [String])
    /// The document is inconsistent: duplicate or empty node names, an edge or cluster member that
    /// names no node.
    case invalidDocument(String)
    /// The layout engine is not available; usually Graphviz's plugins are not configured.
    case layoutUnavailable(engine: String, messages: [String])
    /// The layout engine ran and reported failure.
    case layoutFailed(engine: String, code: Int32, messages: [String])
    /// The graph already has a layout; free it (release the layout) before laying it out again.
    case alreadyLaidOut
    /// The output format is not available; usually Graphviz's plugins are not configured.
    case formatUnavailable(format: String, messages: [String])
    /// Rendering ran and reported failure.
    case renderFailed(format: String, code: Int32, messages: [String])

    /// Advice printed with plugin errors: Graphviz on Linux finds its layout and render plugins
    /// through the `config6a` file that `dot -c` writes when the package is installed.
    public static let pluginHint = "Graphviz's plugins are not configured: Graphviz finds its layout engines and "
        + "output formats through the config6a file that `dot -c` writes at package install "
        + "(e.g. /usr/lib/x86_64-linux-gnu/graphviz/config6a). Run `sudo dot -c`, or reinstall "
        + "Graphviz (apt: libgraphviz-dev graphviz; brew: graphviz)."

    /// A readable, one-line explanation.
    public var description: String {
        func withMessages(_ head: String, _ messages: [String]) -> String {
            messages.isEmpty ? head : head + ": " + messages.joined(separator: "; ")
        }
        switch self {
        case .contextUnavailable:
            return "Graphviz could not create a context (gvContext failed)"
        case let .graphConstruction(what, messages):
            return withMessages("Graphviz could not build the graph (\(what))", messages)
        case let .invalidDocument(what):
            return "invalid map document: \(what)"
        case let .layoutUnavailable(engine, messages):
            let head = withMessages("Graphviz layout engine '\(engine)' is not available", messages)
            return Self.pluginsLookUnconfigured(standard: MapLayout(rawValue: engine) != nil, messages)
                ? head + ". " + Self.pluginHint : head
        case let .layoutFailed(engine, code, messages):
            return withMessages("Graphviz layout '\(engine)' failed (code \(code))", messages)
        case .alreadyLaidOut:
            return "the graph already has a Graphviz layout; release it before laying the graph out again"
        case let .formatUnavailable(format, messages):
            let head = withMessages("Graphviz output format '\(format)' is not available", messages)
            return Self.pluginsLookUnconfigured(standard: MapFormat(rawValue: format) != nil, messages)
                ? head + ". " + Self.pluginHint : head
        case let .renderFailed(format, code, messages):
            return withMessages("Graphviz rendering to '\(format)' failed (code \(code))", messages)
        }
    }

    /// Same as `description`, for `localizedDescription`.
    public var errorDescription: String? { description }

    /// A standard engine or format (always shipped with Graphviz) that Graphviz does not know, or an
    /// empty "Use one of:" list, means the plugin configuration was not found.
    private static func pluginsLookUnconfigured(standard: Bool, _ messages: [String]) -> Bool {
        standard || messages.contains { $0.hasSuffix("Use one of:") || $0.hasSuffix("Use one of:.") }
    }
}

/// Graphviz's error channel, redirected to Swift.
///
/// cgraph reports through `agerr`: with `agseterr(AGWARN)` every warning and error goes to the
/// function installed by `agseterrf`, which receives the text in pieces (`"Error"`, `": "`, the
/// message). The pieces are collected in `text` and split into lines by ``take()``. `agerrors()` is
/// sticky (the highest level seen since the last `agreseterrors()`), so ``begin()`` resets it before
/// each operation. All state is touched only under ``Graphviz/withLock(_:)``.
enum Diagnostics {
    /// Collected text since the last `begin()`. Guarded by the Graphviz lock.
    nonisolated(unsafe) static var text = ""
    /// Whether the handler is installed. Guarded by the Graphviz lock.
    nonisolated(unsafe) private static var installed = false

    /// Installs the handler; call with the lock held.
    static func installOnce() {
        guard !installed else { return }
        installed = true
        _ = agseterr(AGWARN)
        _ = agseterrf { piece in
            // Runs inside a Graphviz call, hence under the lock.
            if let piece { Diagnostics.text += String(cString: piece) }
            return 0
        }
    }

    /// Starts an operation: clears collected text and Graphviz's sticky error level.
    static func begin() {
        text = ""
        _ = agreseterrors()
    }

    /// The messages collected since ``begin()``, one per line, with `Error: `/`Warning: ` kept.
    static func take() -> [String] {
        let lines = text.split(whereSeparator: { $0 == "\n" || $0 == "\r" })
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
        text = ""
        return lines
    }

    /// Whether any message reports an unknown plugin (`Layout type: "x" not recognized`,
    /// `Format: "x" not recognized`, `renderer for x is unavailable`).
    static func mentionsUnknownPlugin(_ messages: [String]) -> Bool {
        messages.contains {
            $0.contains("not recognized") || $0.contains("is unavailable") || $0.contains("Could not load")
        }
    }
}
