import Liaison
import FuzzSupport

/// One input: periods and dates parse or are refused; a parsed period never ends before it starts.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let bytes = fuzzInput(data, count)
    let fiscal = Int(bytes.first ?? 0) % 14        // includes invalid starts 0 and 13
    let text = String(decoding: bytes.dropFirst(), as: UTF8.self)
    if let p = Period.parse(text, fiscalYearStart: fiscal) {
        precondition(p.start <= p.end)
        _ = p.previous(fiscalYearStart: max(1, min(12, fiscal)))
    }
    if let d = Day(isoDateOrDateTime: text) { precondition(Day(iso: d.description) == d) }
    return 0
}

@_cdecl("FuzzPeriod_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv, fuzzOne)
}
