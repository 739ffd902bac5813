import Liaison

/// One input: the edge-list reader returns a dataset or a located error; every count it accepts is
/// within the ceiling, for every pair.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: count)) } ?? []
    do {
        let d = try EdgeListReader().load(bytes: bytes, fileName: "fuzz.edges")
        for r in d.referrals {
            precondition(r.source < d.experts.count && r.target < d.experts.count && r.source != r.target)
            precondition((0...PatientCount.ceiling).contains(r.patients))
        }
    } catch {
        precondition(!error.issues.isEmpty)
        for i in error.issues { precondition(!i.description.unicodeScalars.contains { $0.value == 0x1B }) }
    }
    return 0
}

// SwiftPM links an executable with `main` = `FuzzEdgeList_main`; hand control to libFuzzer's driver.
@_silgen_name("LLVMFuzzerRunDriver")
func runDriver(_ argc: UnsafeMutablePointer<CInt>,
               _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
               _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt) -> CInt

@_cdecl("FuzzEdgeList_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var c = argc
    var v = argv
    return runDriver(&c, &v, fuzzOne)
}
