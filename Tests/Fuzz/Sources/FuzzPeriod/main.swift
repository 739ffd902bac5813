import Liaison

/// One input: periods and dates parse or are refused; a parsed period never ends before it starts.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: count)) } ?? []
    let fiscal = Int(bytes.first ?? 0) % 14        // includes invalid starts 0 and 13
    let text = String(decoding: bytes.dropFirst(), as: UTF8.self)
    if let p = Period.parse(text, fiscalYearStart: fiscal) {
        precondition(p.start <= p.end)
        _ = p.previous(fiscalYearStart: max(1, min(12, fiscal)))
    }
    if let d = Day(isoDateOrDateTime: text) { precondition(Day(iso: d.description) == d) }
    return 0
}

// SwiftPM links an executable with `main` = `FuzzPeriod_main`; hand control to libFuzzer's driver.
@_silgen_name("LLVMFuzzerRunDriver")
func runDriver(_ argc: UnsafeMutablePointer<CInt>,
               _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
               _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt) -> CInt

@_cdecl("FuzzPeriod_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var c = argc
    var v = argv
    return runDriver(&c, &v, fuzzOne)
}
