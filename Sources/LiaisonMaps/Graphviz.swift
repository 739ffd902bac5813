import CGraphviz
import Liaison

/// Placeholder: the Graphviz owner lives here.
public enum GraphvizInfo {
    /// Graphviz version string.
    public static var version: String { "unknown" }
}
