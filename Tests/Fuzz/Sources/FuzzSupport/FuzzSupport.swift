import Liaison

// What every libFuzzer target here shares: the input as bytes, the check of a loaded dataset or of
// its error, and the hand-over to libFuzzer's driver. Each target keeps only its two entry points
// (`LLVMFuzzerTestOneInput` and `NAME_main`), which must be defined in the executable itself.

/// The fuzzer's input as an array (empty when libFuzzer passes no buffer).
public func fuzzInput(_ data: UnsafePointer<UInt8>?, _ count: Int) -> [UInt8] {
    data.map { Array(UnsafeBufferPointer(start: $0, count: count)) } ?? []
}

/// Runs one reader on one input: it must return a dataset whose links join two known experts
/// (never an expert to itself, with `selfLinks` false) with a count within ``PatientCount/ceiling``,
/// or a located error none of whose messages carries a raw escape character.
public func checkLoad(selfLinks: Bool = true, _ load: () throws(DatasetError) -> Dataset) {
    do {
        let d = try load()
        for r in d.referrals {
            precondition(r.source < d.experts.count && r.target < d.experts.count)
            precondition(selfLinks || r.source != r.target)
            precondition((0...PatientCount.ceiling).contains(r.patients))
        }
    } catch {
        precondition(!error.issues.isEmpty)
        for i in error.issues { precondition(!i.description.unicodeScalars.contains { $0.value == 0x1B }) }
    }
}

@_silgen_name("LLVMFuzzerRunDriver")
func runDriver(_ argc: UnsafeMutablePointer<CInt>,
               _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
               _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt) -> CInt

/// Hands control to libFuzzer's driver (SwiftPM links each executable with `main` = `NAME_main`).
public func runFuzzer(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?,
                      _ one: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt) -> CInt {
    var c = argc
    var v = argv
    return runDriver(&c, &v, one)
}
