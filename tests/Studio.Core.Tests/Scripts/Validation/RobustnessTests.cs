using Studio.Core.Scripts;
using Studio.Core.Scripts.Validation;

namespace Studio.Core.Tests.Scripts.Validation;

/// <summary>Whatever a marketer types, reading and validating report problems instead of throwing.</summary>
public class RobustnessTests
{
    [Fact]
    public void Damaged_documents_never_make_the_reader_or_the_validator_throw()
    {
        var random = new Random(20260308);
        var text = File.ReadAllText(Fixtures.Path("full.json"));
        for (var i = 0; i < 400; i++)
        {
            // Cut out a short run of characters: breaks syntax, names, references and values alike.
            var start = random.Next(text.Length);
            var damaged = text.Remove(start, Math.Min(random.Next(1, 12), text.Length - start));

            var read = ScriptJson.Read(damaged);

            Assert.True(read.Script is not null || read.Diagnostics.Count > 0, $"nothing reported for a damaged document (cut at {start})");
            if (read.Script is not null)
            {
                _ = ScriptValidator.Validate(read.Script, read.Lines);
            }
        }
    }

    [Fact]
    public void A_script_of_defaults_built_in_code_is_validated_without_throwing()
    {
        var script = new Script
        {
            Nodes = [new SayNode(), new AskNode(), new ConditionNode { Branches = [new()] }, new SplitNode { Arms = [new(), new()] },
                new OfferNode(), new ActionNode(), new SetNode { Assign = { ["x"] = "" } }, new GotoNode(), new ReturnNode(), new EndNode()],
            Incentives = [.. Enum.GetValues<IncentiveType>().Select(t => new Incentive { Type = t })],
            IncentiveSets = [new()],
            GlobalIntents = [new()],
            GradeRules = [new()],
            Channels = [Channel.Voice],
        };

        var diagnostics = ScriptValidator.Validate(script);

        Assert.Contains(diagnostics, d => d.Code == DiagnosticCodes.MissingNodeId);
        Assert.All(diagnostics, d => Assert.Null(d.Line));
    }
}
