import Liaison

/// One input: the node-link JSON reader returns a dataset or a located error.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: count)) } ?? []
    do {
        let d = try NodeLinkJSONReader().load(bytes: bytes, fileName: "fuzz.json")
        for r in d.referrals { precondition(r.source < d.experts.count && r.target < d.experts.count) }
    } catch {
        precondition(!error.issues.isEmpty)
    }
    return 0
}

// SwiftPM links an executable with `main` = `FuzzNodeLinkJSON_main`; hand control to libFuzzer's driver.
@_silgen_name("LLVMFuzzerRunDriver")
func runDriver(_ argc: UnsafeMutablePointer<CInt>,
               _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
               _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt) -> CInt

@_cdecl("FuzzNodeLinkJSON_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var c = argc
    var v = argv
    return runDriver(&c, &v, fuzzOne)
}
