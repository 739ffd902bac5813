import Liaison
import FuzzSupport

/// One input: the edge-list reader returns a dataset or a located error; every count it accepts is
/// within the ceiling, for every pair.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let bytes = fuzzInput(data, count)
    checkLoad(selfLinks: false) { () throws(DatasetError) in try EdgeListReader().load(bytes: bytes, fileName: "fuzz.edges") }
    return 0
}

@_cdecl("FuzzEdgeList_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv, fuzzOne)
}
