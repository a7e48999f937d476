import Foundation
import Testing
@testable import Mail

/// Messages from CPython's e-mail tests (Fixtures/cpython/README.md).
private func fixture(_ name: String) throws -> [UInt8] {
    let url = try #require(Bundle.module.url(forResource: "Fixtures/cpython/" + name, withExtension: nil))
    return Array(try Data(contentsOf: url))
}

private func parse(_ name: String) throws -> Message { try Message(parsing: fixture(name)) }

@Suite("Messages from a public corpus (CPython's test_email data)")
struct CorpusTests {
    @Test("a Mailman digest: the first text part, the date with a zone comment")
    func digest() throws {
        let m = try parse("msg_02.txt")
        #expect(m.subject == "Ppp digest, Vol 1 #2 - 5 msgs")
        #expect(m.date?.description == "2001-04-20T20:18:00-0400")
        #expect(m.text?.hasPrefix("Send Ppp mailing list submissions to\n\tppp@zzz.org") == true)
        #expect(m.from == [Mailbox(address: "ppp-request@zzz.org")])
    }

    @Test("message/rfc822 bodies are not read as the message's text; a comment is the display name")
    func forwarded() throws {
        let m = try parse("msg_06.txt")
        #expect(m.messageID == "15265.9482.641338.555352@python.org")
        #expect(m.from == [Mailbox(address: "barry@python.org", name: "Barry A. Warsaw")])
        #expect(m.text == nil)
    }

    @Test("empty parts and charsets recruit does not read")
    func emptyParts() throws {
        let m = try parse("msg_08.txt")
        #expect(m.text == "")
        #expect(m.to == [Mailbox(address: "cravindogs@cravindogs.com", name: "Dingus Lovers")])
    }

    @Test("7bit first; quoted-printable and base64 parts decode")
    func encodings() throws {
        let m = try parse("msg_10.txt")
        #expect(m.text == "This is a 7bit encoded message.\n")
    }

    @Test("nested multiparts, with and without a blank line before the inner close")
    func nested() throws {
        #expect(try parse("msg_12.txt").text == "")
        #expect(try parse("msg_12a.txt").text == "")
    }

    @Test("a folded Content-Type and an inner part reusing its parent's boundary")
    func reusedBoundary() throws {
        let m = try parse("msg_15.txt")
        #expect(m.text == "Some removed test.\n")
        #expect(m.messageID == "xxxx")
        #expect(m.to.isEmpty)  // "To: XX" names no address
    }

    @Test("a bounce with long folded Received fields and a Message-id spelled otherwise")
    func bounce() throws {
        let m = try parse("msg_16.txt")
        #expect(m.messageID == "0GK500B04D0B8X@cougar.noc.ucla.edu")
        #expect(m.from == [Mailbox(address: "postmaster@ucla.edu", name: "Internet Mail Delivery")])
        #expect(m.text?.hasPrefix("This report relates to a message you sent") == true)
        #expect(m.field("received")?.contains("\n") == false)
    }

    @Test("no blank line after the fields: the first line that is not a field starts the body")
    func noBlankLine() throws {
        let m = try parse("msg_35.txt")
        #expect(m.subject == "here's something interesting")
        #expect(m.text == "counter to RFC 5322, there's no separating newline here\n")
    }

    @Test("two text parts: the first wins")
    func twoParts() throws {
        #expect(try parse("msg_44.txt").text == "a simple kind of mirror\nto reflect upon our own\n")
    }

    @Test("an impossible hour is no date; a quoted display name holding @ is a name")
    func impossibleDate() throws {
        let m = try parse("msg_47.txt")
        #expect(m.date == nil)
        #expect(m.from == [Mailbox(address: "123@example.com", name: "123@abuse.net")])
    }

    @Test("In-Reply-To, folded parameters, multipart/signed")
    func signed() throws {
        let m = try parse("msg_48.txt")
        #expect(m.inReplyTo == ["somelonglonglonglonglongunwrappablemessageidtoreplyto@mail.foo.bar"])
        #expect(m.text == "This is the signed contents.\n")
    }

    @Test("an mbox whose From line has extra words and whose body says 'From time to time'")
    func mbox() throws {
        var reader = MboxReader()
        let items = reader.feed(try fixture("mailbox_01.mbox")) + reader.finish()
        #expect(items.count == 1)
        guard case let .message(bytes, offset) = items.first else { Issue.record("not a message"); return }
        #expect(offset == 0)
        let m = try Message(parsing: bytes)
        #expect(m.subject == "unquoted From in body; extra info on From line")
        #expect(m.text == "Hello\n\nFrom time to time\n")
    }

    @Test("every fixture parses or fails with a position, never crashes, when cut at any byte")
    func truncatedAnywhere() throws {
        let bytes = try fixture("msg_10.txt")
        for cut in stride(from: 0, through: bytes.count, by: 3) {
            do { _ = try Message(parsing: Array(bytes[..<cut])) } catch {
                #expect(error.position >= 0 && error.position <= cut)
            }
        }
    }
}
