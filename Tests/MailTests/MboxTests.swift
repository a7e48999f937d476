import Testing
@testable import Mail

private func split(_ text: String, chunk: Int = 7, limits: Limits = .standard) -> [MboxReader.Item] {
    var reader = MboxReader(limits: limits)
    let bytes = Array(text.utf8)
    var items: [MboxReader.Item] = []
    var i = 0
    while i < bytes.count {
        items += reader.feed(bytes[i..<min(bytes.count, i + chunk)])
        i += chunk
    }
    return items + reader.finish()
}

private func texts(_ items: [MboxReader.Item]) -> [String] {
    items.map {
        switch $0 {
        case let .message(bytes, offset): return "\(offset):" + String(decoding: bytes, as: UTF8.self)
        case let .skipped(error): return "skipped \(error)"
        }
    }
}

@Suite("mbox (RFC 4155, mboxrd)")
struct MboxTests {
    @Test("messages split at From lines in any chunking; >From loses one >; From in prose stays")
    func splitting() {
        let mbox = "From a@x.test Fri Nov 20 09:15:00 2026\nSubject: one\n\n>From here\n>>From there\n\nFrom time to time\n\n"
            + "From b@x.test Fri Nov 20 10:00:00 2026\r\nSubject: two\r\n\r\nbody\r\n"
        for chunk in [1, 3, 7, 4096] {
            #expect(texts(split(mbox, chunk: chunk)) == [
                "0:Subject: one\n\nFrom here\n>From there\n\nFrom time to time\n",
                "97:Subject: two\r\n\r\nbody\r\n",
            ])
        }
    }

    @Test("a line or a message over the limit is skipped with its position, the others are kept")
    func limits() {
        let limits = Limits(messageBytes: 200, lineBytes: 64)
        let mbox = "From a Fri Nov 20 09:15:00 2026\nSubject: long\n\n" + String(repeating: "x", count: 1000)
            + "\n\nFrom b Fri Nov 20 09:15:00 2026\nSubject: big\n\n" + String(repeating: "y\n", count: 200)
            + "\nFrom c Fri Nov 20 09:15:00 2026\nSubject: fine\n\nok\n"
        let items = texts(split(mbox, chunk: 50, limits: limits))
        #expect(items.count == 3)
        #expect(items[0] == "skipped byte 47: a line is longer than 64 bytes")
        #expect(items[1].hasPrefix("skipped byte 1049: the message is larger than 200 bytes"))
        #expect(items[2].hasSuffix("Subject: fine\n\nok\n"))
    }

    @Test("a gigabyte-sized line without breaks is reported without being kept")
    func hugeLine() {
        var reader = MboxReader(limits: Limits(lineBytes: 1 << 20))
        var items = reader.feed(Array("From a Fri Nov 20 09:15:00 2026\n".utf8))
        let chunk = [UInt8](repeating: 65, count: 1 << 20)
        for _ in 0..<8 { items += reader.feed(chunk) }  // 8 MiB here; the memory held stays one line's limit
        items += reader.finish()
        guard items.count == 1, case let .skipped(error) = items[0] else { Issue.record("\(items.count) items"); return }
        #expect(error == MailError(.lineTooLong(limit: 1 << 20), at: 32))
    }
}
