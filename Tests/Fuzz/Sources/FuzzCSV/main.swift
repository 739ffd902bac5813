import Liaison

/// One input: the CSV reader must return records or a located error, whatever the bytes.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: count)) } ?? []
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

// SwiftPM links an executable with `main` = `FuzzCSV_main`; hand control to libFuzzer's driver.
@_silgen_name("LLVMFuzzerRunDriver")
func runDriver(_ argc: UnsafeMutablePointer<CInt>,
               _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
               _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt) -> CInt

@_cdecl("FuzzCSV_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var c = argc
    var v = argv
    return runDriver(&c, &v, fuzzOne)
}
