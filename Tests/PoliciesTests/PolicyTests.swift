import Foundation
import Policies
import Testing

@Suite struct PolicyTests {
    @Test("the standard preset holds POLICY.md's defaults and patient differs only in grace_business_days")
    func presets() throws {
        let p = Policy.standard
        #expect(p.thankYouDays == 1 && p.graceBusinessDays == 3 && p.noTimelineBusinessDays == 5)
        #expect(p.phoneCheckDays == 21 && p.maxUnanswered == 2 && p.maxUnansweredTop == 4 && p.topGapDays == 14)
        #expect(p.goneDarkDays == 42 && p.checkBackMonths == 2 && p.keepInMindBusinessDays == 2)
        #expect(p.attritionCheckDays == 90 && p.hmWeeklyCap == 3 && p.lookbackDays == 30 && p.staleDays == 30)
        #expect(p.followUpBy == .recruiter && p.timezone == "UTC" && p.holidays.isEmpty)
        #expect(Policy.patient.overrides(from: .standard).keys == [.graceBusinessDays])
        #expect(Policy.patient.graceBusinessDays == 5)
        #expect(try Policy.preset(named: "Patient") == .patient)
        #expect(throws: PolicyError.unknownPreset("eager")) { try Policy.preset(named: "eager") }
    }

    @Test("a policy encodes every parameter under POLICY.md's snake_case key")
    func encodesAllKeys() throws {
        let data = try JSONEncoder().encode(Policy.standard)
        let object = try JSONSerialization.jsonObject(with: data) as! [String: Any]
        #expect(Set(object.keys) == Set(PolicyKey.allCases.map(\.rawValue)))
        #expect(object["grace_business_days"] as? Int == 3)
        #expect(object["follow_up_by"] as? String == "recruiter")
        #expect(object["holidays"] as? [String] == [])
        #expect(try JSONDecoder().decode(Policy.self, from: data) == .standard)
    }

    @Test("a partial JSON object is the standard policy with those keys set")
    func decodesPartial() throws {
        let json = #"{"holidays": ["2026-11-26", "2026-11-27"], "grace_business_days": 5}"#
        let policy = try JSONDecoder().decode(Policy.self, from: Data(json.utf8))
        #expect(policy.holidays == [d("2026-11-26"), d("2026-11-27")])
        #expect(policy.graceBusinessDays == 5 && policy.phoneCheckDays == 21)
    }

    @Test("an unknown key or a bad value in JSON is an error naming the key")
    func decodeErrors() {
        for json in [#"{"grace_days": 3}"#, #"{"max_unanswered": 0}"#, #"{"holidays": ["03/04/2026"]}"#,
                     #"{"follow_up_by": "client"}"#, #"{"timezone": "Mars/Olympus"}"#] {
            #expect(throws: DecodingError.self) { try JSONDecoder().decode(Policy.self, from: Data(json.utf8)) }
        }
    }

    @Test("set parses textual values, holidays comma-separated")
    func setParsesText() throws {
        var p = Policy.standard
        try p.set(key: "grace_business_days", value: "5")
        try p.set(key: "FOLLOW-UP-BY", value: "candidate")
        try p.set(key: "holidays", value: "2026-12-25, 2026-11-26")
        try p.set(key: "timezone", value: "Europe/Paris")
        #expect(p.graceBusinessDays == 5 && p.followUpBy == .candidate && p.timezone == "Europe/Paris")
        #expect(p.holidays.days == [d("2026-11-26"), d("2026-12-25")])
        try p.set(key: "holidays", value: "2026-12-25,, 2026-12-24,")
        #expect(p.holidays.days == [d("2026-12-24"), d("2026-12-25")])
        try p.set(key: "holidays", value: "")
        #expect(p.holidays.isEmpty)
    }

    @Test("set refuses an unknown key, listing the valid keys")
    func unknownKey() {
        var p = Policy.standard
        #expect(throws: PolicyError.unknownKey("grace")) { try p.set(key: "grace", value: "3") }
        let message = PolicyError.unknownKey("grace").description
        #expect(message.contains("grace") && message.contains("grace_business_days") && message.contains("holidays"))
    }

    @Test("set refuses a bad value, naming the key and the values it takes", arguments: [
        ("grace_business_days", "three"), ("max_unanswered", "0"), ("phone_check_days", "-1"),
        ("follow_up_by", "client"), ("timezone", "Mars/Olympus"), ("holidays", "2026-11-26,03/04/2026"),
    ])
    func badValue(_ key: String, _ value: String) {
        var p = Policy.standard
        do {
            try p.set(key: key, value: value)
            Issue.record("\(key)=\(value) was accepted")
        } catch {
            guard case .invalidValue(let k, _, let expected) = error else { Issue.record("\(error)"); return }
            #expect(k == key && !expected.isEmpty)
            #expect(error.description.contains(key))
        }
        #expect(p == .standard)
    }

    @Test("client overrides sit on top of the agency's policy and a client's holidays replace the agency's")
    func overridesLayer() throws {
        var agency = Policy.standard
        try agency.set(key: "holidays", value: "2026-12-25,2026-12-26")
        try agency.set(key: "stale_days", value: "20")
        var client = PolicyOverrides()
        try client.set(key: "holidays", value: "2026-11-26")
        try client.set(key: "hm_weekly_cap", value: "5")
        let inForce = agency.applying(client)
        #expect(inForce.holidays.days == [d("2026-11-26")])
        #expect(inForce.hmWeeklyCap == 5 && inForce.staleDays == 20 && inForce.graceBusinessDays == 3)
        #expect(agency.applying(PolicyOverrides()) == agency)
    }

    @Test("overrides encode only the keys they set, and decode back")
    func overridesCodable() throws {
        var overrides = PolicyOverrides()
        try overrides.set(key: "holidays", value: "2026-11-26")
        try overrides.set(key: "grace_business_days", value: "5")
        let data = try JSONEncoder().encode(overrides)
        let object = try JSONSerialization.jsonObject(with: data) as! [String: Any]
        #expect(Set(object.keys) == ["grace_business_days", "holidays"])
        #expect(object["grace_business_days"] as? Int == 5 && object["holidays"] as? [String] == ["2026-11-26"])
        #expect(try JSONDecoder().decode(PolicyOverrides.self, from: data) == overrides)
        try overrides.remove(key: "grace_business_days")
        #expect(overrides.keys == [.holidays])
        #expect(throws: PolicyError.self) { try overrides.remove(key: "nope") }
    }

    @Test("a preset governs only the keys on which the presets differ: today grace_business_days")
    func presetKeys() throws {
        #expect(Policy.presetKeys == [.graceBusinessDays])
        #expect(Policy.patient.presetOverrides.keys == [.graceBusinessDays])
        #expect(Policy.patient.presetOverrides[.graceBusinessDays] == .integer(5))
        #expect(Policy.standard.applying(Policy.patient.presetOverrides) == .patient)
    }

    @Test("applying a preset sets its keys and nothing else, and commutes with setting any other key")
    func presetTouchesOnlyItsKeys() throws {
        var rng = Seeded(0x9E5E7)
        let others = PolicyKey.allCases.filter { !Policy.presetKeys.contains($0) }
        let values: [PolicyKey: [String]] = [
            .holidays: ["2026-12-18,2026-12-22", "", "2026-12-25"], .timezone: ["Europe/London", "UTC", "America/New_York"],
            .followUpBy: ["candidate", "recruiter"], .agencyDomains: ["agency.test", "", "a.test,b.example"],
        ]
        for _ in 0..<200 {
            var base = Policy.standard
            for key in PolicyKey.allCases where Bool.random(using: &rng) {
                try base.set(key: key.rawValue, value: values[key]?.randomElement(using: &rng) ?? "\(Int.random(in: 1...9, using: &rng))")
            }
            let (_, preset) = Policy.presets.randomElement(using: &rng)!
            let applied = base.applyingPreset(preset)
            for key in PolicyKey.allCases {
                #expect(applied.value(of: key) == (Policy.presetKeys.contains(key) ? preset : base).value(of: key))
            }
            let key = others.randomElement(using: &rng)!
            let value = values[key]?.randomElement(using: &rng) ?? "\(Int.random(in: 1...9, using: &rng))"
            var setThenPreset = base
            try setThenPreset.set(key: key.rawValue, value: value)
            var presetThenSet = applied
            try presetThenSet.set(key: key.rawValue, value: value)
            #expect(setThenPreset.applyingPreset(preset) == presetThenSet)
        }
    }
}
