import Liaison
import FuzzSupport

/// One input: the CSV reader must return records or a located error, whatever the bytes.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let bytes = fuzzInput(data, count)
    do {
        let reader = try CSVReader(bytes: bytes, fileName: "fuzz.csv")
        for r in try reader.records() {
            precondition(r.line >= 1 && r.fields.count == r.columns.count && r.fields.count == r.lines.count)
        }
    } catch {
        precondition(error.line >= 0 && error.column >= 0)
    }
    return 0
}

@_cdecl("FuzzCSV_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv, fuzzOne)
}
