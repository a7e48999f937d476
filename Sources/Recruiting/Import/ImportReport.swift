/// What one import did (or, with `--dry-run`, would do).
public struct ImportReport: Sendable, Equatable {
    /// The counts for one table the import writes.
    public struct Counts: Sendable, Equatable {
        public var table: String
        public var inserted = 0
        public var updated = 0
        public var unchanged = 0

        public init(table: String, inserted: Int = 0, updated: Int = 0, unchanged: Int = 0) {
            self.table = table
            self.inserted = inserted
            self.updated = updated
            self.unchanged = unchanged
        }
    }

    public var file: String
    public var kind: ImportKind
    /// Data rows read (the header not counted).
    public var rows = 0
    /// The file's own table first (openings, candidates, applications, activities), then tables it also fed.
    public var counts: [Counts] = []
    /// Rows that named a key an earlier row of the same file named too: the later row won.
    package var repeated = 0
    /// Rows left out because they were invalid (`--skip-invalid`).
    public var rejected = 0
    /// Every problem found (`--skip-invalid` lists them; without it the import is refused instead).
    public var problems: [ImportProblem] = []
    public var problemCount = 0
    /// Header columns that are not part of the file kind, as written: reported once and ignored.
    public var unknownColumns: [String] = []
    /// Rows left out because they name someone who was forgotten (`recruit forget`; `--allow-erased` imports them).
    public var erased = 0
    public var dryRun = false
    /// Written straight into an empty table with no staging (FirstLoad.swift): the rows are the same either way.
    package var loadedDirectly = false
    /// Rows of `import_targets` (candidate-opening pairs as written) whose application's rows were left out as the
    /// last import's, unchanged (ImportDigests.swift): the rows are the same either way.
    package var settled = 0

    /// The counts of the file's own table.
    public var main: Counts { counts.first ?? Counts(table: kind.rawValue) }

    /// The closing line(s): counts per table.
    public var summary: String {
        var parts: [String] = []
        let verb = dryRun ? "dry run, nothing written: would be " : ""
        for (index, count) in counts.enumerated() {
            var text = "\(count.table): \(verb)\(count.inserted) inserted, \(count.updated) updated, \(count.unchanged) unchanged"
            if index == 0 {
                text += ", \(rejected) rejected"
                if repeated > 0 {
                    text += " (\(repeated) row\(repeated == 1 ? "" : "s") repeated an earlier row's key; the later row won)"
                }
            }
            parts.append(text)
        }
        if counts.isEmpty { parts.append("\(kind.rawValue): \(verb)0 inserted, 0 updated, 0 unchanged, \(rejected) rejected") }
        if erased > 0 {
            parts.append("\(erased) row\(erased == 1 ? "" : "s") left out: erased (forgotten with recruit forget; "
                         + "--allow-erased imports them after new consent)")
        }
        return "\(file): \(rows) row\(rows == 1 ? "" : "s"); " + parts.joined(separator: "; ")
    }
}
