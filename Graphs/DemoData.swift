import Foundation

/// Locates the bundled demo network, `Graphs/belgian-hematology`, shipped as a package resource.
public enum DemoData {
    /// The folder name of the demo dataset.
    public static let name = "belgian-hematology"

    /// The demo dataset's folder, or `nil` when the resource bundle cannot be found.
    ///
    /// Looks beside the running executable first (how SwiftPM lays out `.build/<config>/`), then in
    /// `LIAISON_DEMO_DIR` if set, then in the source tree this file was compiled from.
    public static var url: URL? {
        let fm = FileManager.default
        var candidates: [URL] = []
        if let env = ProcessInfo.processInfo.environment["LIAISON_DEMO_DIR"], !env.isEmpty {
            candidates.append(URL(fileURLWithPath: env))
        }
        let bundleName = "Liaison_LiaisonDemoData.resources"
        let exe = URL(fileURLWithPath: CommandLine.arguments.first ?? "").resolvingSymlinksInPath()
        if let main = Bundle.main.executableURL?.resolvingSymlinksInPath().deletingLastPathComponent() {
            candidates.append(main.appendingPathComponent(bundleName).appendingPathComponent(name))
        }
        candidates.append(exe.deletingLastPathComponent().appendingPathComponent(bundleName).appendingPathComponent(name))
        // Source checkout: this file lives in Graphs/.
        candidates.append(URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(name))
        for c in candidates {
            var isDir: ObjCBool = false
            if fm.fileExists(atPath: c.appendingPathComponent("experts.csv").path, isDirectory: &isDir), !isDir.boolValue {
                return c
            }
        }
        return nil
    }
}
