import Liaison
import LiaisonMaps

/// One input: the DOT reader (through cgraph) returns a dataset or a located error — never a crash,
/// never an input past ``DOTInputLimits`` handed to cgraph, never a count past the ceiling.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: count)) } ?? []
    guard let text = String(validating: bytes, as: UTF8.self), !text.utf8.contains(0) else { return 0 }
    do {
        let d = try DOTNetworkReader().load(text: text, fileName: "fuzz.gv")
        for r in d.referrals {
            precondition(r.source < d.experts.count && r.target < d.experts.count && r.source != r.target)
            precondition((0...PatientCount.ceiling).contains(r.patients))
        }
    } catch {
        precondition(!error.issues.isEmpty)
    }
    return 0
}

// SwiftPM links an executable with `main` = `FuzzDOT_main`; hand control to libFuzzer's driver.
@_silgen_name("LLVMFuzzerRunDriver")
func runDriver(_ argc: UnsafeMutablePointer<CInt>,
               _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
               _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt) -> CInt

@_cdecl("FuzzDOT_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var c = argc
    var v = argv
    return runDriver(&c, &v, fuzzOne)
}
