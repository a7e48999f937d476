/// Schema files that took the place of older ones, as Django's squashed migrations do: a database built by the older
/// files is carried over (see ``Migrator``) instead of being built again, and keeps every row.
///
/// The older files are no longer shipped; what recognises a database built by them is their names and checksums,
/// listed here. A carry-over happens only when every one of them is recorded with its checksum.
package struct Squash: Sendable, Equatable {
    /// One file the squash replaces, as `schema_migrations` recorded it.
    package struct Replaced: Sendable, Equatable {
        package let version: Int
        package let name: String
        /// SHA-256 of the file's text, in hex (what the migrator records).
        package let checksum: String

        package init(version: Int, name: String, checksum: String) {
            self.version = version
            self.name = name
            self.checksum = checksum
        }
    }

    /// The squashed files (names of bundled files), in order.
    package let files: [String]
    /// The older files they replace.
    package let replaces: [Replaced]
    /// What brings a database built by `replaces` to the schema a fresh database gets from `files`, run in the
    /// carry-over's transaction.
    package let carryOver: String

    package init(files: [String], replaces: [Replaced], carryOver: String) {
        self.files = files
        self.replaces = replaces
        self.carryOver = carryOver
    }

    /// The schema of recruit's first release: `0001`-`0003` in place of the development files `0001`-`0013`
    /// (there was no `0005`). Versions 4 to 13 stay unused, so the next file is `0014`, on fresh and carried-over
    /// databases alike.
    ///
    /// The squashed schema is the development files' final schema without the candidates' two recruiter indexes,
    /// which nothing read (the queue finds a recruiter's applications in `application_timelines`). Everything else,
    /// function bodies included, is the same, which the carry-over test checks with `pg_dump --schema-only`.
    package static let firstRelease = Squash(
        files: ["0001_tables_and_types.sql", "0002_import_helpers.sql", "0003_queue_derived_rows.sql"],
        replaces: [
            Replaced(version: 1, name: "0001_schema.sql",
                     checksum: "59b310874f100a2eb50e38d166c46ca1c45444e2776153fbabe11bcb2c3db9fc"),
            Replaced(version: 2, name: "0002_import.sql",
                     checksum: "9689cfea7dedb17882a13f963328533dab5c068b9e3ac2a203a93e40cb792ce6"),
            Replaced(version: 3, name: "0003_queue_indexes.sql",
                     checksum: "95b617b31a94268b24ef2c0c03e01f2c6662f129c116cd0753cf1253a1c93746"),
            Replaced(version: 4, name: "0004_queue_timeline_covering_index.sql",
                     checksum: "ce920e183ba779a2dd34c03333c0e1b84d22d5e3166c467ec2a33398ba249299"),
            Replaced(version: 6, name: "0006_application_timelines.sql",
                     checksum: "f35c97319ec6d1bf7bbf81e03c175aaf3022471b8a65468dabdf6d67260f90cd"),
            Replaced(version: 7, name: "0007_recruiter_candidates_covering_index.sql",
                     checksum: "d73f5816193e82acd3fff8aa7fe015ab79041d8df2ae03a3a406364e57033bf4"),
            Replaced(version: 8, name: "0008_timelines_from_inserted_rows.sql",
                     checksum: "f5a8a60238b11b607d8dd6bef608fd3153d20e67e4831fe888e33f6b1392d16f"),
            Replaced(version: 9, name: "0009_timelines_without_foreign_key.sql",
                     checksum: "223163099c45dbcb5554d7e0f9db6a39f4b99b7d7c9369af35e9c9f02c92563f"),
            Replaced(version: 10, name: "0010_timeline_fact_one_name.sql",
                     checksum: "f9df493f5a40832b1826141b9a800d42d79203b17f8e9d3c47f1d7e8f9a9e39b"),
            Replaced(version: 11, name: "0011_timeline_rows_for_every_application.sql",
                     checksum: "6bf1b9181dc57967798e7f730502ffac110aa3d54b7e9b53acb4c39c19da3b17"),
            Replaced(version: 12, name: "0012_drop_unread_recruiter_indexes.sql",
                     checksum: "6334da2bc9dd6c84bbb53ca1229dcd3f7d03d148b46efcfdcf2e40ffacdef48f"),
            Replaced(version: 13, name: "0013_activity_references_per_statement.sql",
                     checksum: "30842c6da644e8bb99bd37b0e90f2e3403dccfd41ecc527914a1429110a29743"),
        ],
        carryOver: """
            DROP INDEX IF EXISTS candidates_recruiter_idx;
            DROP INDEX IF EXISTS candidates_recruiter_covering_idx;
            """)

    /// "0001_tables_and_types.sql ... 0003_queue_derived_rows.sql", for messages.
    var fileRange: String {
        guard let first = files.first, let last = files.last else { return "no files" }
        return files.count == 1 ? first : "\(first) ... \(last)"
    }

    /// "0001_schema.sql ... 0013_activity_references_per_statement.sql (12 files)", for messages.
    var replacedRange: String {
        guard let first = replaces.first, let last = replaces.last else { return "no files" }
        return replaces.count == 1 ? first.name : "\(first.name) ... \(last.name) (\(replaces.count) files)"
    }
}
