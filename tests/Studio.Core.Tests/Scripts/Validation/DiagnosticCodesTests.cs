using System.Reflection;
using Studio.Core.Scripts;

namespace Studio.Core.Tests.Scripts.Validation;

public class DiagnosticCodesTests
{
    private static readonly string[] Codes = [.. typeof(DiagnosticCodes).GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!)];

    [Fact]
    public void Codes_are_unique_and_follow_the_ranges()
    {
        Assert.Equal(Codes.Length, Codes.Distinct().Count());
        Assert.All(Codes, code => Assert.Matches("^SS[012][0-9]{2}$", code));
    }

    [Fact]
    public void Every_code_is_documented_in_the_format_reference()
    {
        var reference = File.ReadAllText(Path.Combine(Fixtures.RepositoryRoot().FullName, "docs", "script-format.md"));

        Assert.All(Codes, code => Assert.Contains($"| {code} |", reference, StringComparison.Ordinal));
    }
}
