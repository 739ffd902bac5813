import Liaison
import FuzzSupport
import LiaisonMaps

/// One input: the DOT reader (through cgraph) returns a dataset or a located error — never a crash,
/// never an input past ``DOTInputLimits`` handed to cgraph, never a count past the ceiling.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let bytes = fuzzInput(data, count)
    guard let text = String(validating: bytes, as: UTF8.self), !text.utf8.contains(0) else { return 0 }
    checkLoad(selfLinks: false) { () throws(DatasetError) in try DOTNetworkReader().load(text: text, fileName: "fuzz.gv") }
    return 0
}

@_cdecl("FuzzDOT_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv, fuzzOne)
}
