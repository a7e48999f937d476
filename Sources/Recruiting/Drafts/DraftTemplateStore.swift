import Foundation

/// The agency's templates in the database (sql/0017 `draft_templates`); a template not stored is the default.
public enum DraftTemplateStore {
    /// The agency's templates, checked again (a row a newer or older recruit wrote that this one refuses falls
    /// back to the default rather than breaking the queue); a name not in the result is the default's
    /// (``DraftTemplate/standard(_:)``).
    public static func current(_ connection: Connection) throws -> [DraftTemplateName: DraftTemplate] {
        var templates: [DraftTemplateName: DraftTemplate] = [:]
        for row in try connection.query("SELECT name, body FROM draft_templates").rows {
            guard let name = row[0].flatMap(DraftTemplateName.init(rawValue:)), let body = row[1],
                  let template = try? DraftTemplate(name, text: body) else { continue }
            templates[name] = template
        }
        return templates
    }

    /// The template `name` in force and whether the agency changed it.
    public static func template(_ name: DraftTemplateName, _ connection: Connection) throws -> (template: DraftTemplate, changed: Bool) {
        let stored = try connection.query("SELECT body FROM draft_templates WHERE name = $1", [name.rawValue]).scalar
        if let stored, let template = try? DraftTemplate(name, text: stored) { return (template, true) }
        return (DraftTemplate.standard(name), false)
    }

    /// Checks `text` and stores it as the agency's `name`, with an audit event (the template's name and size, never
    /// its text), in one transaction. A refused text changes nothing: the template in force stays.
    /// - Throws: ``DraftTemplateError`` with the line of the problem.
    @discardableResult
    public static func set(_ name: DraftTemplateName, text: String, actor: String, _ connection: Connection) throws -> DraftTemplate {
        let template = try DraftTemplate(name, text: text)
        try connection.transaction {
            try connection.query("""
                INSERT INTO draft_templates (name, body, updated_by) VALUES ($1, $2, $3)
                ON CONFLICT (name) DO UPDATE SET body = excluded.body, updated_at = now(), updated_by = excluded.updated_by
                """, [name.rawValue, text, actor])
            try Audit.record(connection, actor: actor, action: "template.set",
                             detail: ["template": name.rawValue, "lines": "\(text.split(separator: "\n", omittingEmptySubsequences: false).count)"])
        }
        return template
    }

    /// Removes the agency's `name`: the default is in force again. Returns whether there was one to remove.
    @discardableResult
    public static func reset(_ name: DraftTemplateName, actor: String, _ connection: Connection) throws -> Bool {
        try connection.transaction {
            let removed = try connection.query("DELETE FROM draft_templates WHERE name = $1 RETURNING name",
                                               [name.rawValue]).rows.count > 0
            if removed { try Audit.record(connection, actor: actor, action: "template.reset", detail: ["template": name.rawValue]) }
            return removed
        }
    }

    /// The names of the templates the agency changed.
    public static func changed(_ connection: Connection) throws -> Set<DraftTemplateName> {
        Set(try connection.query("SELECT name FROM draft_templates").rows.compactMap { $0[0].flatMap(DraftTemplateName.init(rawValue:)) })
    }
}
