/// The labels of a PostgreSQL enum as bytes, to read a COPY field (``CopyBinaryRow/label(_:_:)``) without making a
/// String per value.
package struct CopyLabels<T> {
    private let entries: [([UInt8], T)]

    /// Labels of a Swift enum whose raw values are the PostgreSQL labels.
    package init() where T: CaseIterable & RawRepresentable, T.RawValue == String {
        entries = T.allCases.map { (Array($0.rawValue.utf8), $0) }
    }

    func value(for bytes: UnsafeRawBufferPointer) -> T? {
        for (label, value) in entries where label.count == bytes.count {
            if label.withUnsafeBytes({ $0.elementsEqual(bytes) }) { return value }
        }
        return nil
    }
}

extension CopyLabels: Sendable where T: Sendable {}
