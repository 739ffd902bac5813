import Testing
@testable import Liaison

@Suite("Small-cell suppression", .tags(.unit))
struct PrivacySuppressionTests {
    @Test func primaryRule() {
        #expect(!SmallCell.hides(0, threshold: 11))
        #expect(SmallCell.hides(1, threshold: 11))
        #expect(SmallCell.hides(10, threshold: 11))
        #expect(!SmallCell.hides(11, threshold: 11))
        #expect(!SmallCell.hides(3, threshold: 0))
        #expect(SmallCell.cell(4, threshold: 11) == .suppressed)
        #expect(SmallCell.note(threshold: 0).contains("off"))
        #expect(SmallCell.note(threshold: 11).contains("<11"))
    }

    @Test func suppressedCellsPerFormat() throws {
        var t = TabularOutput(columns: ["id", "patients"], threshold: 11)
        t.rows = [[.text("A"), SmallCell.cell(4, threshold: 11)], [.text("B"), SmallCell.cell(25, threshold: 11)]]
        #expect(t.csv() == "id,patients\nA,<11\nB,25\n")
        #expect(t.table().contains("<11"))
        let json = t.jsonValue().serialized(pretty: false)
        #expect(json == #"[{"id":"A","patients":null,"suppressed":true,"suppressed_fields":["patients"]},{"id":"B","patients":25}]"#)
    }

    @Test func complementaryWhenOneHiddenPartCouldBeRecovered() {
        // One hidden part (5) and a published total (55): 5 = 55 − 30 − 20. Hide the smallest shown (20) too.
        #expect(SmallCell.protectParts([30, 5, 20], threshold: 11) == [.shown, .primary, .complementary])
        // Three hidden parts summing to 13: none determined (each could be 1…10).
        #expect(SmallCell.protectParts([30, 10, 2, 1, 12], threshold: 11) == [.shown, .primary, .primary, .primary, .shown])
        // Two parts of 1 and 1: the hidden sum 2 forces both to 1 → hide a shown part as well.
        #expect(SmallCell.protectParts([1, 1, 40, 15], threshold: 11) == [.primary, .primary, .shown, .complementary])
        // A hidden sum of 12 with parts 1 and 11 would still pin 1 (the complementary part is ≥ 11): hide more.
        #expect(SmallCell.protectParts([1, 11, 30], threshold: 11) == [.primary, .complementary, .complementary])
        // The total itself below the threshold: only primary suppression (everything is small anyway).
        #expect(SmallCell.protectParts([0, 4, 3], threshold: 11) == [.shown, .primary, .primary])
        // Zeros stay shown and are never used as complements; no suppression with threshold 0.
        #expect(SmallCell.protectParts([0, 6, 12], threshold: 11) == [.shown, .primary, .complementary])
        #expect(SmallCell.protectParts([3, 12], threshold: 0) == [.shown, .shown])
    }
}
