import Testing
@testable import Mail

/// A small deterministic generator (SplitMix64), so a failure replays.
private struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

@Suite("Laws over many inputs")
struct PropertyTests {
    @Test("base64 decoding inverts encoding, for any bytes, with line breaks anywhere the encoder puts them")
    func base64RoundTrip() {
        var rng = SplitMix(state: 42)
        for _ in 0..<500 {
            let bytes = (0..<Int.random(in: 0...300, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }
            let text = String(decoding: bytes, as: UTF8.self)
            let encoded = base64(text)
            #expect(TransferEncoding.base64(Array(encoded.utf8)) == Array(text.utf8))
        }
    }

    @Test("an mbox splits the same whatever the chunk sizes it arrives in")
    func chunkingDoesNotMatter() {
        var rng = SplitMix(state: 7)
        let words = ["From ", ">From ", "a", "\n", "\r\n", "From x Fri Nov 20 09:15:00 2026\n", "\n\n", "Subject: s\n", ">>From "]
        for _ in 0..<200 {
            let text = (0..<Int.random(in: 1...80, using: &rng)).map { _ in words.randomElement(using: &rng)! }.joined()
            let bytes = Array(text.utf8)
            func split(_ sizes: () -> Int) -> [String] {
                var reader = MboxReader(limits: Limits(messageBytes: 200, lineBytes: 40))
                var items: [MboxReader.Item] = []
                var i = 0
                while i < bytes.count {
                    let n = sizes()
                    items += reader.feed(bytes[i..<min(bytes.count, i + n)])
                    i += n
                }
                items += reader.finish()
                return items.map {
                    switch $0 {
                    case let .message(b, offset): return "\(offset) \(b)"
                    case let .skipped(e): return "\(e)"
                    }
                }
            }
            let whole = split { bytes.count + 1 }
            #expect(split { 1 } == whole)
            #expect(split { Int.random(in: 1...17, using: &rng) } == whole)
        }
    }

    @Test("any bytes parse or fail with a position inside them; never a crash")
    func anyBytes() {
        var rng = SplitMix(state: 99)
        let pieces = ["From: a@b.test\r\n", "Subject: =?utf-8?B?", "?=", "Content-Type: multipart/mixed; boundary=z\n",
                      "--z\n", "--z--\n", "\n", "Content-Transfer-Encoding: base64\n", "=3D", "\u{0}", "BEGIN:VEVENT\n",
                      "DTSTART:2026", "Date: 32 Foo 99 25:61\n", "\t", " ", "<", ">", "\"", "(", ")", "é"]
        for _ in 0..<2000 {
            let bytes = Array((0..<Int.random(in: 0...40, using: &rng)).map { _ in pieces.randomElement(using: &rng)! }.joined().utf8)
            do {
                let m = try Message(parsing: bytes)
                _ = (m.subject, m.from, m.to, m.date, m.identity, m.inReplyTo, m.text, m.events)
            } catch {
                #expect(error.position >= 0 && error.position <= bytes.count)
            }
        }
    }
}
