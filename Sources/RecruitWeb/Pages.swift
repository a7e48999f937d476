import Foundation
import HTTPTypes
import Hummingbird
import Mustache
import Recruiting

/// The pages' templates (Resources/templates, swift-mustache), which escape every value they show: no page is
/// built by joining strings of HTML.
struct Pages: Sendable {
    let library: MustacheLibrary

    /// The bundled templates, read once. A template that does not parse is a defect of the build itself, caught
    /// by the tests that render every page.
    static let shared: Pages = {
        do {
            return try Pages(folder: Bundle.module.url(forResource: "templates", withExtension: nil)!.path)
        } catch {
            fatalError("recruit's web templates do not parse: \(error)")
        }
    }()

    init(folder: String) throws {
        // Every template escapes with HTMLText (per Unicode scalar, so no mark glued to a `<` lets a tag through).
        HTMLText.register()
        var library = MustacheLibrary()
        for file in try FileManager.default.contentsOfDirectory(atPath: folder) where file.hasSuffix(".mustache") {
            let text = try String(contentsOfFile: (folder as NSString).appendingPathComponent(file), encoding: .utf8)
            try library.register(text, named: String(file.dropLast(".mustache".count)))
        }
        self.library = library
    }

    /// Headers every page carries: no framing, no sniffing, scripts and styles from this server only, no
    /// referrer to other sites, nothing cached (pages hold personal data).
    static let securityHeaders: HTTPFields = [
        .contentType: "text/html; charset=utf-8",
        .contentSecurityPolicy: "default-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
        HTTPField.Name("X-Content-Type-Options")!: "nosniff",
        HTTPField.Name("Referrer-Policy")!: "same-origin",
        .cacheControl: "no-store",
    ]

    /// The page `template` rendered with `values`.
    func render(_ template: String, _ values: [String: Any], status: HTTPResponse.Status = .ok) throws -> Response {
        let html = try text(template, values)
        return Response(status: status, headers: Pages.securityHeaders, body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    /// The template `template` rendered with `values`, as text (a part of a page).
    func text(_ template: String, _ values: [String: Any]) throws -> String {
        guard let html = library.render(Pages.present(values) ?? [:], withTemplate: template) else {
            throw HTTPError(.internalServerError, message: "no template \(template)")
        }
        return html
    }

    /// `value` with every optional unwrapped and every absent one left out, at any depth: a template's section
    /// then reads a missing value as false, never as the text "nil".
    static func present(_ value: Any) -> Any? {
        let mirror = Mirror(reflecting: value)
        if mirror.displayStyle == .optional {
            guard let wrapped = mirror.children.first?.value else { return nil }
            return present(wrapped)
        }
        if let dictionary = value as? [String: Any] { return dictionary.compactMapValues(present) }
        if let array = value as? [Any] { return array.compactMap(present) }
        return value
    }

    /// A short page saying what went wrong and what to do.
    func errorPage(status: HTTPResponse.Status, message: String) throws -> Response {
        try render("error", ["title": "\(status.code) \(status.reasonPhrase)", "message": message], status: status)
    }
}

/// A page's values for its template, handed from the database thread to the route. Built of strings, numbers,
/// booleans, arrays and dictionaries only, all immutable once made.
struct PageValues: @unchecked Sendable {
    let values: [String: Any]
    init(_ values: [String: Any]) { self.values = values }
}
