import Foundation
import Testing

/// Network files (node-link JSON, GraphML, edge lists) wherever a DATASET is accepted.
@Suite("network files on the command line", .tags(.cli))
struct EdgeListNodeLinkGraphMLCLITests {
    @Test func everyFormatRanks() throws {
        let t = try TempDir()
        try t.write("g.json", #"{"directed": true, "nodes": [{"id": "A", "name": "Dr A"}, {"id": "B"}, {"id": "C"}], "links": [{"source": "A", "target": "B", "weight": 12}, {"source": "C", "target": "B", "weight": 3}]}"#)
        try t.write("g.graphml", """
        <graphml><key id="w" for="edge" attr.name="weight"/><graph edgedefault="directed">
        <node id="A"/><node id="B"/><node id="C"/>
        <edge source="A" target="B"><data key="w">12</data></edge><edge source="C" target="B"><data key="w">3</data></edge>
        </graph></graphml>
        """)
        try t.write("g.edges", "# from to weight\nA B 12\nC B 3\n")
        try t.write("m_multiplex.edges", "1 A B 12\n2 C B 3\n1 C B 1\n")
        try t.write("m_layers.txt", "layerID layerLabel\n1 advice\n2 friend\n")
        for (file, layer) in [("g.json", nil), ("g.graphml", nil), ("g.edges", nil), ("m_multiplex.edges", "friend")] {
            let r = try liaison(["rank", t.file(file).path, "--all", "--format", "csv", "--columns", "id,in_degree,in_strength",
                                 "--min-cell", "0", "--quiet"] + (layer.map { ["--layer", $0] } ?? []))
            #expect(r.status == 0, "\(file): \(r.stderr)")
            let rows = parseCSV(r.stdout)
            if layer == nil {
                #expect(rows.first { $0.first == "B" } == ["B", "2", "15"], "\(file): \(r.stdout)")
            } else {
                #expect(rows.first { $0.first == "B" } == ["B", "1", "3"], "\(file): \(r.stdout)")
            }
        }
        let all = try liaison(["summary", t.file("m_multiplex.edges").path])
        #expect(all.status == 0 && all.stderr.contains("2 layers (1 advice, 2 friend) read as one network, weights summed"))
    }

    @Test func errorsAreLocatedAndLayerMisuseIsRefused() throws {
        let t = try TempDir()
        try t.write("bad.json", "{\"nodes\": [\n  {\"id\": 1,}\n]}")
        let j = try liaison(["validate", t.file("bad.json").path])
        #expect(j.status == 1 && j.stderr.contains("bad.json:2:12: invalid JSON: unexpected '}'"), "\(j.stderr)")
        try t.write("bad.edges", "A B 1\nB C x\n")
        let e = try liaison(["rank", t.file("bad.edges").path])
        #expect(e.status == 1 && e.stderr.contains("bad.edges:2:5: weight 'x' is not a number"), "\(e.stderr)")
        try t.write("ok.json", #"{"nodes": [], "links": []}"#)
        let l = try liaison(["rank", t.file("ok.json").path, "--layer", "advice"])
        #expect(l.status == 1 && l.stderr.contains("--layer advice applies to an edge list"), "\(l.stderr)")
        try t.write("x.dat", "A B\n")
        let u = try liaison(["rank", t.file("x.dat").path])
        #expect(u.status == 1 && u.stderr.contains("a GraphML network (.graphml)") && u.stderr.contains(".edges, .edgelist, .txt"), "\(u.stderr)")
    }
}

let realCKM = sharedData.appendingPathComponent("ckm-physicians-innovation/CKM-Physicians-Innovation_multiplex.edges")
let realNYC = sharedData.appendingPathComponent("nyc-pcp-cardiology-referral-network/network.json")

@Suite("real networks on the command line", .enabled(if: FileManager.default.fileExists(atPath: sharedData.path), "../shared/data is absent"), .tags(.cli))
struct RealNetworkCLITests {
    @Test(.enabled(if: FileManager.default.fileExists(atPath: realCKM.path)))
    func ckmAdviceMostNominated() throws {
        let r = try liaison(["rank", realCKM.path, "--layer", "advice", "--metric", "in-strength", "--top", "3",
                             "--format", "csv", "--columns", "id,in_degree", "--min-cell", "0", "--quiet"])
        #expect(r.status == 0, "\(r.stderr)")
        let rows = parseCSV(r.stdout).dropFirst().map { $0.joined(separator: ":") }
        #expect(Set(rows.prefix(2)) == ["29:20", "122:20"], "\(r.stdout)")
        #expect(rows.count == 3 && !(rows.last ?? "").hasSuffix(":20"))
        let bad = try liaison(["rank", realCKM.path, "--layer", "colleague"])
        #expect(bad.status == 1 && bad.stderr.contains("no layer 'colleague'") && bad.stderr.contains("1 advice, 2 discussion, 3 friend"))
    }

    @Test(.enabled(if: FileManager.default.fileExists(atPath: realNYC.path)))
    func nycTopByPageRank() throws {
        let r = try liaison(["rank", realNYC.path, "--metric", "pagerank", "--top", "20", "--format", "csv", "--columns", "id,name", "--quiet"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(parseCSV(r.stdout).count == 21)
    }

    /// The example script, with this build's binary: every check it makes must pass.
    @Test func exampleScriptPasses() throws {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["bash", packageRoot.appendingPathComponent("Examples/real-networks.sh").path]
        var env = ProcessInfo.processInfo.environment
        env["LIAISON"] = liaisonBinary.path
        env["DATA"] = sharedData.path
        p.environment = env
        let out = Pipe()
        p.standardOutput = out
        p.standardError = out
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self)
        print(text)
        #expect(p.terminationStatus == 0, "\(text)")
        #expect(text.contains("real-networks: all checks passed"))
        #expect(text.contains("overlap of our top 20 by pagerank with the published top 20"))
    }
}
