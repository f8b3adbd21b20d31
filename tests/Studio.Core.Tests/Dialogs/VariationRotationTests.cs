using Studio.Core.Testing.Dialogs;

namespace Studio.Core.Tests.Dialogs;

public class VariationRotationTests
{
    private static List<string> Prompts(string variations, ulong seed, int reprompts)
    {
        var flow = new DialogTestFlow(ScriptBuilder.Compile($$$"""
            {"id":"q","kind":"ask","message":{"variations":[{{{variations}}}]},"noInput":{"retries":{{{reprompts}}}},"routes":{"noMatch":"e","noInput":"e"}},
            {"id":"e","kind":"end","outcome":"done"}
            """)).WithSeed(seed).Start();
        var said = new List<string> { flow.Last!.ReplyText };
        for (var i = 0; i < reprompts; i++)
        {
            said.Add(flow.NoInput().Last!.ReplyText);
        }
        return said;
    }

    [Theory]
    [InlineData("\"甲\",\"乙\"")]
    [InlineData("\"甲\",\"乙\",\"丙\"")]
    public void A_new_cycle_never_starts_with_the_variation_just_said(string variations)
    {
        for (ulong seed = 0; seed < 32; seed++)
        {
            var said = Prompts(variations, seed, 9);
            for (var i = 1; i < said.Count; i++)
            {
                Assert.True(said[i] != said[i - 1], $"seed {seed}: «{said[i]}» twice in a row: {string.Join(" ", said)}");
            }
        }
    }

    [Fact]
    public void Every_cycle_still_says_each_variation_once()
    {
        for (ulong seed = 0; seed < 32; seed++)
        {
            var said = Prompts("\"甲\",\"乙\",\"丙\"", seed, 8);
            for (var cycle = 0; cycle < 3; cycle++)
            {
                Assert.Equal(3, said.Skip(cycle * 3).Take(3).Distinct().Count());
            }
        }
    }
}
