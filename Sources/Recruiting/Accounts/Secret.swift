import Foundation

/// An unguessable secret for a cookie or a link: 32 random bytes (256 bits) from the system's generator, written in
/// URL-safe base64 without padding. The database keeps only its SHA-256 (`sha256(convert_to($n, 'UTF8'))` in SQL),
/// so the text itself lives only in the browser or the link.
public struct Secret: Sendable, Hashable, CustomStringConvertible {
    public let text: String

    /// A new secret.
    public init() {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        text = Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// A secret as a browser or a link gave it back; nil when it cannot be one (wrong length or characters), so
    /// junk never reaches the database.
    public init?(text: String) {
        guard text.utf8.count == 43, text.utf8.allSatisfy({ Secret.alphabet.contains($0) }) else { return nil }
        self.text = text
    }

    private static let alphabet = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)

    /// Never the secret itself: descriptions end up in logs.
    public var description: String { "(secret)" }
}

/// Two strings compared in time that depends on their lengths only, not on where they differ (CSRF tokens).
public func constantTimeEqual(_ a: String, _ b: String) -> Bool {
    let x = Array(a.utf8), y = Array(b.utf8)
    guard x.count == y.count else { return false }
    var difference: UInt8 = 0
    for i in x.indices { difference |= x[i] ^ y[i] }
    return difference == 0
}
