import Policies
import Recruiting
import RecruitTestSupport
import Testing

@Suite("Each vocabulary is defined once: the engine's enums, the schema's enum types and the import's word lists agree")
struct VocabularyTests {
    @Test("every closed vocabulary has the schema's words in the schema's order")
    func vocabulariesMatchTheSchema() async throws {
        try await TestDatabase.with { database in
            let connection = try database.connect()
            let pairs: [(type: String, words: [String])] = [
                ("opening_status", Vocabulary.openingStatus), ("application_stage", Vocabulary.stage),
                ("interest_level", Vocabulary.interest), ("activity_type", Vocabulary.activityType),
                ("party", Vocabulary.party), ("contact_channel", Vocabulary.channel),
            ]
            for (type, words) in pairs {
                let labels = try connection.query(
                    "SELECT enumlabel FROM pg_enum WHERE enumtypid = $1::regtype ORDER BY enumsortorder", [type]).rows
                    .map { try $0.text(0) }
                #expect(labels == words, "\(type)")
            }
        }
    }
}
