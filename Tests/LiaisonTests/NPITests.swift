import Foundation
import Testing
@testable import Liaison

@Suite("NPI check digit", .tags(.unit))
struct NPITests {
    @Test func knownExampleAndAlterations() {
        // CMS's worked example: 123456789 → check digit 3.
        #expect(NPI.checkDigit(forFirstNine: "123456789") == 3)
        #expect(NPI.isValid("1234567893"))
        for bad in ["1234567890", "1234567894", "2234567893", "1234567839", "123456789", "12345678930",
                    "123456789X", " 1234567893", "", "１２３４５６７８９３"] {
            #expect(!NPI.isValid(bad), "\(bad)")
        }
        #expect(NPI.checkDigit(forFirstNine: "12345678") == nil)
        #expect(NPI.checkDigit(forFirstNine: "12345678a") == nil)
        #expect(NPI.problem("1234567893") == nil)
        #expect(NPI.problem("1234567890")?.contains("check digit should be 3") == true)
        #expect(NPI.problem("12345")?.contains("expected 10 digits") == true)
        Array("1234567893".utf8).withUnsafeBufferPointer { #expect(NPI.isValid(bytes: $0)) }
        Array("1234567894".utf8).withUnsafeBufferPointer { #expect(!NPI.isValid(bytes: $0)) }
    }

    /// Against the textbook rule: the 15 digits `80840` + the NPI pass Luhn (from the right, every
    /// second digit doubled, digits of the results summed, total ≡ 0 mod 10) — on random 10-digit
    /// values, each with its valid check digit and a wrong one, and on other lengths and characters.
    @Test func agreesWithTextbookLuhn() {
        func luhn(_ s: String) -> Bool {
            let d = s.utf8.map { Int($0) - 48 }
            guard !d.isEmpty, d.allSatisfy({ (0...9).contains($0) }) else { return false }
            var sum = 0
            for (k, x) in d.reversed().enumerated() { let y = k % 2 == 1 ? x * 2 : x; sum += y > 9 ? y - 9 : y }
            return sum % 10 == 0
        }
        func naive(_ s: String) -> Bool { s.utf8.count == 10 && luhn("80840" + s) }
        var g = SplitMix64(seed: 16)
        for _ in 0..<2000 {
            let nine = (0..<9).map { _ in String(Int.random(in: 0...9, using: &g)) }.joined()
            for c in 0...9 {
                let v = nine + String(c)
                #expect(NPI.isValid(v) == naive(v), "\(v)")
                Array(v.utf8).withUnsafeBufferPointer { #expect(NPI.isValid(bytes: $0) == naive(v), "\(v)") }
            }
            #expect((0...9).filter { NPI.isValid(nine + String($0)) }.count == 1)
        }
        for v in ["", "1", "123456789", "12345678931", "12345678a3", "1234567 93", "123456789٣", "-123456789"] {
            #expect(!NPI.isValid(v), "\(v)")
            Array(v.utf8).withUnsafeBufferPointer { #expect(!NPI.isValid(bytes: $0), "\(v)") }
        }
    }

    @Test("real NPIs from the NPPES sample pass; any one altered digit fails",
          .enabled(if: FileManager.default.fileExists(atPath: nppesSample.path), "../shared/data/nppes-npi-registry-sample is absent"))
    func realNPIs() throws {
        let text = try String(contentsOf: nppesSample, encoding: .utf8)
        let npis = text.split(whereSeparator: \.isNewline).dropFirst().compactMap { $0.split(separator: ",").first.map(String.init) }
        #expect(npis.count == 1000)
        #expect(npis.allSatisfy(NPI.isValid))
        // Luhn catches every single-digit substitution.
        var altered = 0
        for (k, npi) in npis.prefix(100).enumerated() {
            var d = Array(npi.utf8)
            let pos = k % 10
            d[pos] = UInt8(ascii: "0") + (d[pos] - UInt8(ascii: "0") + 1 + UInt8(k % 9)) % 10
            let s = String(decoding: d, as: UTF8.self)
            #expect(!NPI.isValid(s), "\(npi) → \(s)")
            altered += 1
        }
        #expect(altered == 100)
    }

    @Test func expertsCSVWarnsByLine() throws {
        let t = try TempDataset(["experts.csv": "id,name,npi\nA,Dr A,1234567893\nB,Dr B,1234567890\nC,Dr C,\nD,Dr D,12-34\n"])
        let d = try t.load()
        #expect(d.experts.count == 4 && d.experts[1].npi == "1234567890")
        let npiWarnings = d.warnings.filter { $0.contains("npi") }
        #expect(npiWarnings.count == 2)
        #expect(npiWarnings.first?.hasSuffix("experts.csv:3:8: npi '1234567890' fails the NPI check digit (Luhn over 80840 + the first 9 digits) (check digit should be 3)") == true, "\(npiWarnings)")
        #expect(npiWarnings.last?.contains("experts.csv:5:8: npi '12-34' is not an NPI") == true, "\(npiWarnings)")
    }

    @Test func manyInvalidAreCountedNotAllListed() throws {
        var csv = "id,name,npi\n"
        for k in 0..<30 { csv += "E\(k),Dr \(k),123456789\(k % 3)\n" }   // 0,1,2: never 3
        let d = try TempDataset(["experts.csv": csv]).load()
        #expect(d.warnings.filter { $0.contains("fails the NPI check digit") }.count == 20)
        #expect(d.warnings.contains { $0.contains("30 npi values fail the NPI check digit in all (first 20 shown)") })
    }
}

let nppesSample = sharedData.appendingPathComponent("nppes-npi-registry-sample/nppes_simplified_result.csv")

@Suite("NPI check in published referral files", .tags(.unit))
struct PublishedReferralNPITests {
    @Test func invalidNPIsInACMSFileAreWarnedAboutByLine() throws {
        // 1234567893 is valid (the CMS documentation's example); 1234567890 fails the check digit.
        let t = try TempDataset(["referrals.csv": "1234567893,1245319599,56        ,23        ,29\n1234567890,1245319599,40        ,12        ,3\n"])
        let d = try t.load()
        #expect(d.experts.count == 3)
        let w = d.warnings.filter { $0.contains("1234567890") }
        #expect(w.count == 1)
        #expect(w.first?.contains("referrals.csv:2:1:") == true)
        #expect(!d.warnings.contains { $0.contains("1234567893") || $0.contains("1245319599") })
    }
}
