import Foundation
import RecruitTestSupport
import Testing

/// The ICS queue read by a real iCalendar parser (Python's `icalendar`, installed by scripts/test), as a calendar
/// program would read it: scripts/check-calendar.py parses it strictly and compares every to-do with the JSON queue.
@Suite("The queue as a calendar")
struct CalendarFormatTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    @Test("a real iCalendar parser reads one to-do per item with the item's date and reason")
    func icalendarParsesTheQueue() async throws {
        try await TestDatabase.with { database in
            #expect(recruit("demo", "--database", database.conninfo).status == 0)
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("recruit-ics-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: folder) }
            for format in ["ics", "json"] {
                let result = recruit("queue", "--as-of", "2026-11-20", "--format", format, "--database", database.conninfo)
                #expect(result.status == 0)
                try result.out.write(to: folder.appendingPathComponent("queue.\(format)"), atomically: true, encoding: .utf8)
            }
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["python3", Self.repository.appendingPathComponent("scripts/check-calendar.py").path,
                                 folder.appendingPathComponent("queue.ics").path, folder.appendingPathComponent("queue.json").path]
            let output = Pipe()
            process.standardOutput = output
            process.standardError = output
            try process.run()
            let said = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            #expect(process.terminationStatus == 0,
                    "scripts/check-calendar.py said: \(said) (it needs python3 and `pip install icalendar`, which scripts/test installs)")
            #expect(said.contains("calendar ok"))
        }
    }
}
