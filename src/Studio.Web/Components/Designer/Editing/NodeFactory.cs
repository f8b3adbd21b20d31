using Studio.Core.Scripts;

namespace Studio.Web.Components.Designer.Editing;

/// <summary>New nodes as the palette adds them: the kind's fields filled with a starting point a marketer edits.</summary>
public static class NodeFactory
{
    public static Node Create(string kind, string id) => kind switch
    {
        "say" => new SayNode { Id = id, Message = new Message { Text = "" } },
        "ask" => new AskNode { Id = id, Message = new Message { Text = "" } },
        "condition" => new ConditionNode { Id = id, Branches = [new ConditionBranch { Port = "yes", When = "true" }] },
        "split" => new SplitNode
        {
            Id = id,
            Experiment = id,
            Arms = [new Arm { Id = "A", Label = "A", Weight = 50 }, new Arm { Id = "B", Label = "B", Weight = 50 }],
        },
        "offer" => new OfferNode { Id = id, Message = new Message { Text = "{{offer.framing}}您一张{{offer.description}}。" } },
        "action" => new ActionNode { Id = id, Action = ActionType.Tag },
        "set" => new SetNode { Id = id },
        "goto" => new GotoNode { Id = id },
        "return" => new ReturnNode { Id = id },
        "end" => new EndNode { Id = id, Outcome = "completed" },
        _ => throw new ArgumentException($"'{kind}' is not a node kind; use one of {string.Join(", ", Node.Kinds)}", nameof(kind)),
    };
}
