import CLibPQ
import Foundation

/// Connection strings: their settings, the secrets in them (never repeated in a message), and the words that say
/// which server a failed attempt tried.
extension Connection {
    /// The same server as `conninfo` (a URI or `key=value` string), as a `key=value` string naming another database.
    /// Used to reach a fresh database on a server the user named.
    package static func conninfo(_ conninfo: String?, database: String) throws -> String {
        let pairs = try settings(in: conninfo).filter { $0.key != "dbname" } + [(key: "dbname", value: database)]
        return pairs.map { key, value in
            let escaped = value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'")
            return "\(key)='\(escaped)'"
        }.joined(separator: " ")
    }

    /// The settings a connection string gives explicitly, as libpq parses it (`PQconninfoParse`).
    /// - Throws: `DatabaseError.badConnectionString`, whose reason never repeats a password.
    static func settings(in conninfo: String?) throws -> [(key: String, value: String)] {
        guard let conninfo, !conninfo.isEmpty else { return [] }
        var error: UnsafeMutablePointer<CChar>?
        guard let options = PQconninfoParse(conninfo, &error) else {
            let reason = error.map { String(cString: $0) } ?? "unreadable"
            if let error { PQfreemem(error) }
            // The reason quotes the offending part; scrub anything after a password key just in case.
            throw DatabaseError.badConnectionString(reason: scrubPasswordSyntax(firstLine(reason)))
        }
        defer { PQconninfoFree(options) }
        var pairs: [(key: String, value: String)] = []
        var option = options
        while let keyword = option.pointee.keyword {
            if let value = option.pointee.val { pairs.append((String(cString: keyword), String(cString: value))) }
            option += 1
        }
        return pairs
    }

    /// The password (if any) a connection string carries, so that no message ever repeats it.
    static func secrets(in conninfo: String?) throws -> [String] {
        var found = try settings(in: conninfo).filter { $0.key == "password" }.map(\.value)
        if let fromEnvironment = getenv("PGPASSWORD") { found.append(String(cString: fromEnvironment)) }
        return found.filter { !$0.isEmpty }
    }

    static func scrub(_ text: String, _ secrets: [String]) -> String {
        var text = text
        for secret in secrets { text = text.replacingOccurrences(of: secret, with: "***") }
        return text
    }

    static func scrubPasswordSyntax(_ text: String) -> String {
        guard let range = text.range(of: "password") else { return text }
        return String(text[..<range.lowerBound]) + "password=***"
    }

    static func firstLine(_ text: String) -> String {
        let lines = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        // libpq puts the useful part ("Connection refused", "database does not exist") on the first line and
        // sometimes a second "Is the server running ...?" line; keep one line for users.
        return lines.first ?? ""
    }

    /// What a failed connection tried, for its message: `database "recruit" on host db.internal, port 5432, as user
    /// "sam"` or `... on socket /run/x/.s.PGSQL.5432 ...`. Never the password.
    static func describeAttempt(_ conn: OpaquePointer) -> String {
        func value(_ text: UnsafeMutablePointer<CChar>?) -> String { text.map { String(cString: $0) } ?? "" }
        let host = value(PQhost(conn)), port = value(PQport(conn)), database = value(PQdb(conn)), user = value(PQuser(conn))
        var text = "database \"\(database)\""
        if host.hasPrefix("/") {
            text += " on socket \(host)/.s.PGSQL.\(port.isEmpty ? "5432" : port)"
        } else {
            text += " on host \(host.isEmpty ? "localhost" : host), port \(port.isEmpty ? "5432" : port)"
        }
        if !user.isEmpty { text += ", as user \"\(user)\"" }
        return text
    }

    static func describeTarget(_ conn: OpaquePointer) -> String {
        let host = PQhost(conn).map { String(cString: $0) } ?? ""
        let port = PQport(conn).map { String(cString: $0) } ?? ""
        let database = PQdb(conn).map { String(cString: $0) } ?? ""
        let place = host.hasPrefix("/") ? "socket \(host)" : host
        return "\(place)\(port.isEmpty ? "" : ":\(port)")/\(database)"
    }

    static func withCStringArrays<R>(_ pairs: [(String, String)],
                                             _ body: (UnsafePointer<UnsafePointer<CChar>?>, UnsafePointer<UnsafePointer<CChar>?>) -> R) -> R {
        let keys: [UnsafeMutablePointer<CChar>?] = pairs.map { strdup($0.0) } + [nil]
        let values: [UnsafeMutablePointer<CChar>?] = pairs.map { strdup($0.1) } + [nil]
        defer { (keys + values).forEach { free($0) } }
        let constKeys = keys.map { $0.map { UnsafePointer($0) } }
        let constValues = values.map { $0.map { UnsafePointer($0) } }
        return constKeys.withUnsafeBufferPointer { k in
            constValues.withUnsafeBufferPointer { v in body(k.baseAddress!, v.baseAddress!) }
        }
    }
}
