/// A partial policy: only the parameters a client (or a preset) sets, layered on the agency's policy with
/// ``Policy/applying(_:)``. Codable as a JSON object holding only the overridden keys.
public struct PolicyOverrides: Sendable, Hashable, Codable {
    /// The overridden parameters.
    public private(set) var values: [PolicyKey: PolicyValue] = [:]

    /// No overrides.
    public init() {}

    /// Whether nothing is overridden.
    public var isEmpty: Bool { values.isEmpty }

    /// The overridden keys, in POLICY.md's table order.
    public var keys: [PolicyKey] { PolicyKey.allCases.filter { values[$0] != nil } }

    /// The override for `key`, or `nil` to remove it. Values are expected to be valid (use ``set(key:value:)``
    /// for text from users).
    public subscript(key: PolicyKey) -> PolicyValue? {
        get { values[key] }
        set { values[key] = newValue }
    }

    /// Overrides one parameter from its text, as `recruit policy set --client NAME KEY=VALUE` gives it.
    /// - Throws: ``PolicyError`` naming the key, for an unknown key or a bad value.
    public mutating func set(key: String, value: String) throws(PolicyError) {
        let key = try PolicyKey.named(key)
        values[key] = try key.parse(value)
    }

    /// Drops the override of `key`, so the agency's value applies again.
    /// - Throws: ``PolicyError/unknownKey(_:)``.
    public mutating func remove(key: String) throws(PolicyError) {
        values[try PolicyKey.named(key)] = nil
    }

    /// The overrides `other` sets, on top of these.
    public func merging(_ other: PolicyOverrides) -> PolicyOverrides {
        var merged = self
        for (key, value) in other.values { merged.values[key] = value }
        return merged
    }

    private struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    /// Decodes a JSON object. Integers may be numbers or strings; `holidays` an array of dates or a
    /// comma-separated string. Unknown keys and bad values throw a `DecodingError` whose text is the
    /// ``PolicyError`` message.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: AnyKey.self)
        for codingKey in container.allKeys {
            do {
                let key = try PolicyKey.named(codingKey.stringValue)
                if let n = try? container.decode(Int.self, forKey: codingKey) {
                    values[key] = try key.validated(.integer(n))
                } else if let text = try? container.decode(String.self, forKey: codingKey) {
                    values[key] = try key.parse(text)
                } else if let list = try? container.decode([String].self, forKey: codingKey) {
                    values[key] = try key.parse(list.joined(separator: ","))
                } else {
                    throw PolicyError.invalidValue(key: key.rawValue, value: "(not a number, text or list)",
                                                   expected: key.expected)
                }
            } catch let error as PolicyError {
                throw DecodingError.dataCorruptedError(
                    forKey: codingKey, in: container, debugDescription: error.description)
            }
        }
    }

    /// Encodes only the overridden keys, in POLICY.md's table order.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: PolicyKey.self)
        for key in keys {
            switch values[key]! {
            case .integer(let n): try container.encode(n, forKey: key)
            case .party(let p): try container.encode(p.rawValue, forKey: key)
            case .timezone(let z): try container.encode(z, forKey: key)
            case .holidays(let h): try container.encode(h, forKey: key)
            case .domains(let d): try container.encode(d, forKey: key)
            }
        }
    }
}
