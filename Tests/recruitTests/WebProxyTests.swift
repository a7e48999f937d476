import HTTPTypes
import Hummingbird
@testable import RecruitWeb
import Testing

@Suite("Behind a proxy")
struct WebProxyTests {
    static func request(_ forwarded: [String]) -> Request {
        var fields = HTTPFields()
        for value in forwarded { fields.append(HTTPField(name: HTTPField.Name("X-Forwarded-For")!, value: value)) }
        let head = HTTPRequest(method: .post, scheme: "http", authority: "127.0.0.1", path: "/login", headerFields: fields)
        return Request(head: head, body: .init(buffer: ByteBuffer()))
    }

    @Test("the sign-in throttle's address is the last X-Forwarded-For entry, the one the proxy added")
    func lastForwardedEntry() {
        #expect(WebApp.forwardedFor(Self.request(["203.0.113.9"])) == "203.0.113.9")
        // A client can send its own header; the proxy appends the address it saw.
        #expect(WebApp.forwardedFor(Self.request(["1.2.3.4, 203.0.113.9"])) == "203.0.113.9")
        #expect(WebApp.forwardedFor(Self.request(["1.2.3.4", "198.51.100.7"])) == "198.51.100.7")
        #expect(WebApp.forwardedFor(Self.request([])) == nil)
        #expect(WebApp.forwardedFor(Self.request([" "])) == nil)
    }
}
