public enum PoliciesVersion { public static let name = "policies" }
