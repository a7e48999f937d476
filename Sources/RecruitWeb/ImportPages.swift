import Foundation
import Hummingbird
import Recruiting

extension WebApp {
    /// The import page (admin): upload a CSV of one of the four kinds, see what a dry run finds (counts, each problem
    /// with its line and column), then import it, watching its progress; the rows left out can be downloaded.
    func registerImport(_ routes: inout Routes) {
        routes.get("/import", .atLeast(.admin)) { _, context in
            try Pages.shared.render("import", importValues(context, title: "Import"))
        }
        routes.upload("/import", .atLeast(.admin), uploads: uploads) { _, context, form, file in
            let admin = try context.user(atLeast: .admin)
            let kind = try WebApp.importKind(form.fields["kind"])
            guard form.bytes > 0 else { throw WebError.badInput("Choose a CSV file to import; the one sent was empty.") }
            let name = WebApp.displayName(form.fileName)
            uploads.keep(Uploads.Upload(id: file.id, owner: admin.id, name: name, path: file.path, bytes: form.bytes,
                                        received: Date()))
            return try await checkPage(context, id: file.id, kind: kind, skipInvalid: form.fields["skip_invalid"] == "1")
        }
        routes.post("/import/check", .atLeast(.admin)) { _, context, form in
            try await checkPage(context, id: try form.required("id", "The upload"), kind: try WebApp.importKind(form.text("kind")),
                                skipInvalid: form.text("skip_invalid") == "1")
        }
        routes.post("/import/commit", .atLeast(.admin)) { _, context, form in
            let admin = try context.user(atLeast: .admin)
            let id = try form.required("id", "The upload")
            let kind = try WebApp.importKind(form.text("kind"))
            let skipInvalid = form.text("skip_invalid") == "1"
            guard let upload = uploads.upload(id, of: admin) else { throw WebApp.uploadGone }
            let rejects = uploads.folder.appendingPathComponent(id + "-rejects.csv").path
            guard uploads.begin(id, Uploads.Job(kind: kind, skipInvalid: skipInvalid, started: Date(),
                                                rejectsPath: skipInvalid ? rejects : nil)) else {
                return WebApp.seeOther(WebApp.link("/import/job", [("id", id)]))  // already started: show it
            }
            let options = ImportOptions(
                skipInvalid: skipInvalid, rejectsPath: skipInvalid ? rejects : nil,
                progress: { [uploads] progress in
                    uploads.update(id) { $0.bytes = progress.bytes; $0.totalBytes = progress.totalBytes; $0.rows = max(0, progress.lines - 1) }
                },
                audit: (admin.actor, "import.\(kind.rawValue)"))
            Task { [store, uploads] in
                do {
                    let report = try await store.run { connection in
                        try Importer(connection: connection).run(kind, from: .upload(path: upload.path, name: upload.name),
                                                                 options: options)
                    }
                    store.changed()
                    uploads.update(id) { $0.report = report; $0.finished = Date() }
                } catch let error as ImportError {
                    uploads.update(id) { $0.failure = error.description; $0.finished = Date() }
                } catch {
                    // Not the error's text: it may quote the file's cells.
                    uploads.update(id) { $0.failure = "The import failed (\(type(of: error))); nothing was imported."; $0.finished = Date() }
                }
            }
            return WebApp.seeOther(WebApp.link("/import/job", [("id", id)]))
        }
    }

    /// An import's progress and its rejected rows, for the admin who started it.
    func registerImportJobs(_ routes: inout Routes) {
        routes.get("/import/job", .atLeast(.admin)) { request, context in
            let admin = try context.user(atLeast: .admin)
            guard let id = request.queryField("id"), let upload = uploads.upload(id, of: admin), let job = upload.job else {
                throw WebApp.uploadGone
            }
            var values = importValues(context, title: job.finished == nil ? "Importing" : "Imported")
            values["file"] = upload.name
            values["kind"] = job.kind.rawValue
            let seconds = (job.finished ?? Date()).timeIntervalSince(job.started)
            values["seconds"] = String(format: "%.1f", seconds)
            if job.finished == nil {
                var progress = "\(job.rows) rows read"
                if let total = job.totalBytes, total > 0 {
                    progress += String(format: ", %.0f%% of the file", 100 * Double(job.bytes) / Double(total))
                }
                values["running"] = ["progress": progress]
                values["refresh"] = true
            } else if let report = job.report {
                values["done"] = WebApp.reportValues(report)
                if report.rejected > 0, job.rejectsPath != nil {
                    values["rejectsLink"] = WebApp.link("/import/rejects", [("id", id)])
                }
            } else {
                values["failed"] = job.failure ?? "The import failed; nothing was imported."
            }
            return try Pages.shared.render("import-job", values)
        }
        routes.get("/import/rejects", .atLeast(.admin)) { request, context in
            let admin = try context.user(atLeast: .admin)
            guard let id = request.queryField("id"), let upload = uploads.upload(id, of: admin),
                  let path = upload.job?.rejectsPath, upload.job?.finished != nil,
                  let data = FileManager.default.contents(atPath: path) else { throw WebApp.uploadGone }
            let base = upload.name.hasSuffix(".csv") ? String(upload.name.dropLast(4)) : upload.name
            let safe = String(base.unicodeScalars.map { CharacterSet.alphanumerics.contains($0) || "-_.".unicodeScalars.contains($0) ? Character($0) : "_" })
            return Response(status: .ok, headers: [
                .contentType: "text/csv; charset=utf-8", .cacheControl: "no-store",
                .contentDisposition: "attachment; filename=\"\(safe)-rejected.csv\"",
            ], body: .init(byteBuffer: ByteBuffer(bytes: data)))
        }
    }

    /// "1 row", "2 rows".
    static func count(_ n: Int, _ noun: String) -> String { "\(n) \(noun)\(n == 1 ? "" : "s")" }

    static let uploadGone = WebError.notFound("This upload is gone (uploads are kept for a day, and only for the admin who sent them). Upload the file again.")

    static func importKind(_ text: String?) throws -> ImportKind {
        guard let text, let kind = ImportKind(rawValue: text) else {
            throw WebError.badInput("Choose what the file holds: openings, candidates, applications or activities.")
        }
        return kind
    }

    /// The name a browser gave the file, without any folder.
    static func displayName(_ name: String?) -> String {
        let last = (name ?? "").split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
        return last.isEmpty ? "upload.csv" : last
    }

    func importValues(_ context: WebContext, title: String) -> [String: Any] {
        var values = layout(context, title: title, current: "import")
        values["kinds"] = ImportKind.allCases.map { ["name": $0.rawValue] }
        values["largestMB"] = Uploads.largest >> 20
        return values
    }

    static func reportValues(_ report: ImportReport) -> [String: Any] {
        [
            "rows": WebApp.count(report.rows, "row"), "imported": WebApp.count(report.rows - report.rejected, "row"), "rejected": (report.rejected > 0 ? WebApp.count(report.rejected, "row") : nil) as Any,
            "dryRun": report.dryRun,
            "counts": report.counts.map { ["table": $0.table, "inserted": $0.inserted, "updated": $0.updated, "unchanged": $0.unchanged] },
            "problems": report.problems.map { ["line": $0.line, "column": $0.column as Any, "message": $0.message] },
            "moreProblems": (report.problemCount > report.problems.count ? report.problemCount - report.problems.count : nil) as Any,
            "unknownColumns": (report.unknownColumns.isEmpty ? nil : report.unknownColumns.joined(separator: ", ")) as Any,
        ]
    }

    /// The dry run's report of an upload, with the button that imports it (or says why it cannot).
    func checkPage(_ context: WebContext, id: String, kind: ImportKind, skipInvalid: Bool) async throws -> Response {
        let admin = try context.user(atLeast: .admin)
        guard let upload = uploads.upload(id, of: admin) else { throw WebApp.uploadGone }
        var values = importValues(context, title: "Check \(upload.name)")
        values["file"] = upload.name
        values["kind"] = kind.rawValue
        values["id"] = id
        values["skipInvalid"] = skipInvalid
        values["size"] = upload.bytes < 1 << 20 ? "\(max(1, upload.bytes >> 10)) KB" : "\(upload.bytes >> 20) MB"
        do {
            let report = try await store.run { connection in
                try Importer(connection: connection).run(kind, from: .upload(path: upload.path, name: upload.name),
                                                         options: ImportOptions(dryRun: true, skipInvalid: skipInvalid))
            }
            values["report"] = WebApp.reportValues(report)
            values["canImport"] = true
        } catch let ImportError.refused(_, problems, total, rows) {
            values["refused"] = [
                "total": WebApp.count(total, "problem"), "rows": WebApp.count(rows, "row"),
                "problems": problems.map { ["line": $0.line, "column": $0.column as Any, "message": $0.message] },
                "moreProblems": (total > problems.count ? total - problems.count : nil) as Any,
            ]
        } catch let error as ImportError {
            values["unreadable"] = error.description
        }
        return try Pages.shared.render("import-check", values)
    }
}
