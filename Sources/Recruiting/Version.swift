/// recruit's version, the one place it is written: `recruit --version` prints it, and CHANGELOG.md's newest heading
/// names it (a test checks that they agree).
public enum RecruitVersion {
    public static let current = "0.1.0"
}
