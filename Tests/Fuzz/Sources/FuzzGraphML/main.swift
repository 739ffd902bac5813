import Liaison
import FuzzSupport

/// One input: the GraphML reader returns a dataset or a located error.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let bytes = fuzzInput(data, count)
    checkLoad { () throws(DatasetError) in try GraphMLReader().load(bytes: bytes, fileName: "fuzz.graphml") }
    return 0
}

@_cdecl("FuzzGraphML_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv, fuzzOne)
}
