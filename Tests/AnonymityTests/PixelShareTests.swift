import Testing

@testable import Anonymity

@Suite("Most common pixel value")
struct PixelShareTests {
    @Test("the radix sort agrees with the standard sort, and the share is the longest run")
    func radix() {
        var generator = SystemRandomNumberGenerator()
        for count in [64, 65, 1000, 4096] {
            let values = (0..<count).map { _ in UInt16.random(in: 0...UInt16.max, using: &generator) }
            #expect(ImageCheck.radixSorted(values) == values.sorted())
            let narrow = (0..<count).map { _ in UInt16.random(in: 250...260, using: &generator) }
            #expect(ImageCheck.radixSorted(narrow) == narrow.sorted())
        }
        let mostlyZero = [UInt16](repeating: 0, count: 96) + [UInt16](repeating: 0x1234, count: 4)
        #expect(ImageCheck.mostCommonShare(mostlyZero) == 0.96)
        #expect(ImageCheck.mostCommonShare([UInt16](repeating: 7, count: 63)) == nil)
    }

    @Test("the majority vote decides every threshold over one half as the exact share does")
    func majority() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<500 {
            let count = Int.random(in: 64...4096, using: &generator)
            let common = Double.random(in: 0...1, using: &generator)
            let values = (0..<count).map { _ in
                Double.random(in: 0...1, using: &generator) < common
                    ? 1000 : UInt16.random(in: 0...3, using: &generator)
            }.shuffled(using: &generator)
            let exact = ImageCheck.mostCommonShare(values)!
            for threshold in [0.51, 0.8, 0.95, 0.99] {
                let voted = ImageCheck.mostCommonShare(values, deciding: threshold)!
                #expect((voted >= threshold) == (exact >= threshold), "\(count) values, \(common)")
                if exact >= threshold { #expect(voted == exact) }
            }
            #expect(ImageCheck.mostCommonShare(values, deciding: 0.3) == exact)
        }
    }
}
