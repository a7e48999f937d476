/// Names listed in a message, comma-separated: a name that holds a comma or a quote is quoted (its quotes doubled),
/// so that "Smith, Jones & Co" reads as one name. Past `limit` names, "and N more".
func nameList(_ names: [String], limit: Int = 30) -> String {
    var listed = names.prefix(limit).map { name in
        name.contains(",") || name.contains("\"") ? "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : name
    }
    if names.count > limit { listed.append("and \(names.count - limit) more") }
    return listed.joined(separator: ", ")
}
