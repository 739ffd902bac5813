// Times Liaison's loading of one referrals file in-process: `DatasetLoader.load` (tokenize, intern ids,
// parse counts, merge rows of the same pair, make `Referral` values) and then `Dataset.referralGraph()`
// (the CSR graph). Prints one JSON line per run and a summary line with medians and MB/s.
//
//   ReadThroughput FILE [RUNS]
import Foundation
import Liaison

let args = CommandLine.arguments
guard args.count >= 2 else {
    FileHandle.standardError.write(Data("usage: ReadThroughput referrals.csv [runs]\n".utf8))
    exit(64)
}
let url = URL(fileURLWithPath: args[1])
let runs = args.count > 2 ? max(1, Int(args[2]) ?? 3) : 3
let bytes = (try? FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int) ?? 0

func seconds(_ d: Duration) -> Double {
    Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
}
func median(_ xs: [Double]) -> Double {
    let s = xs.sorted()
    return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
}

var loads: [Double] = [], graphs: [Double] = []
let clock = ContinuousClock()
for run in 1...runs {
    var dataset: Dataset?
    let load = clock.measure {
        do {
            dataset = try DatasetLoader(options: .init(lenient: false)).load(folder: nil, referrals: url)
        } catch {
            FileHandle.standardError.write(Data("\(error)\n".utf8))
            exit(1)
        }
    }
    guard let d = dataset else { exit(1) }
    var edges = 0
    let graph = clock.measure { edges = d.referralGraph().edgeCount }
    loads.append(seconds(load)); graphs.append(seconds(graph))
    print("{\"run\":\(run),\"bytes\":\(bytes),\"experts\":\(d.experts.count),\"referrals\":\(d.referrals.count),\"edges\":\(edges),\"load_s\":\(seconds(load)),\"graph_s\":\(seconds(graph))}")
}
let l = median(loads), g = median(graphs)
let mb = Double(bytes) / 1_000_000
print("{\"file\":\"\(url.path)\",\"cores\":\(ProcessInfo.processInfo.activeProcessorCount),\"runs\":\(runs),\"bytes\":\(bytes),"
      + "\"load_median_s\":\(l),\"load_MB_per_s\":\((mb / l * 10).rounded() / 10),"
      + "\"graph_median_s\":\(g),\"load_and_graph_MB_per_s\":\((mb / (l + g) * 10).rounded() / 10)}")
