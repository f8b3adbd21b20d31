using Studio.Core.Recognition;

namespace Studio.Core.Scripts.Validation;

/// <summary>
/// The member's rights in a marketing conversation: a call says it is an AI at the start and answers
/// "are you a robot?" honestly (人工智能生成合成内容标识办法), and the member can opt out from every
/// waiting point, which ends the conversation at once (个人信息保护法 第二十四条, 广告法 第四十三条).
/// </summary>
internal static class ConsentLints
{
    /// <summary>Words that tell the member the voice is an AI.</summary>
    public static readonly IReadOnlyList<string> DisclosureTerms =
        ["智能客服", "智能助理", "智能助手", "智能语音", "语音助手", "虚拟助手", "数字人", "机器人", "人工智能", "AI"];

    public static void Check(ValidationContext context)
    {
        if (context.HasVoice)
        {
            CheckOpeningDisclosure(context);
            CheckRobotAnswer(context);
        }
        CheckOptOut(context);
    }

    public static bool Discloses(string text)
    {
        foreach (var term in DisclosureTerms)
        {
            for (var i = text.IndexOf(term, term == "AI" ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal); i >= 0;
                 i = text.IndexOf(term, i + 1, term == "AI" ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal))
            {
                // "AI" counts as a word, not inside MAIL or PAID.
                var standalone = term != "AI"
                    || ((i == 0 || !char.IsAsciiLetter(text[i - 1])) && (i + 2 >= text.Length || !char.IsAsciiLetter(text[i + 2])));
                if (standalone)
                {
                    return true;
                }
            }
        }
        return false;
    }

    /// <summary>A message discloses when whichever variation the call speaks says so.</summary>
    private static bool Discloses(Message message, string path)
    {
        var spoken = ScriptTexts.Spoken(new ScriptMessage(message, path, null)).ToList();
        return spoken.Count > 0 && spoken.All(t => Discloses(t.Text));
    }

    private static Message? SpokenMessage(Node node) => node switch
    {
        SayNode say => say.Message,
        AskNode ask => ask.Message,
        OfferNode offer => offer.Message,
        EndNode end => end.Message,
        _ => null,
    };

    private static bool SaysSomething(Message? message) =>
        message is not null && (message.AllTexts.Any(t => t.Length > 0) || message.Voice?.Text is { Length: > 0 });

    /// <summary>Every way from the start to the first question (or to an end that speaks) must disclose the AI.</summary>
    private static void CheckOpeningDisclosure(ValidationContext context)
    {
        var start = context.Script.StartNodeId;
        if (!context.HasNode(start))
        {
            return;
        }
        var visited = new HashSet<(string, bool)>();
        var stack = new Stack<(string Id, bool Said)>([(start, false)]);
        while (stack.Count > 0)
        {
            var (id, said) = stack.Pop();
            if (context.NodeById(id) is not { } node || !visited.Add((id, said)))
            {
                continue;
            }
            var path = context.PathOf(id);
            var message = SpokenMessage(node);
            if (message is not null && Discloses(message, path + ".message"))
            {
                continue;
            }
            said |= SaysSomething(message);
            if (node is AskNode || (node is EndNode && said))
            {
                var where = node is AskNode ? $"before the first question ('{id}')" : $"before it ends at '{id}'";
                context.Warning(DiagnosticCodes.NoAiDisclosure,
                    $"the call does not say it is an AI {where}: say so in the opening, e.g. 我是{{{{brand.name}}}}的智能客服 (人工智能生成合成内容标识办法)",
                    node is AskNode ? path + ".message" : path, id);
                return;
            }
            if (node is EndNode or ReturnNode)
            {
                continue;
            }
            foreach (var next in ValidationContext.Successors(node))
            {
                stack.Push((next, said));
            }
        }
    }

    /// <summary>"Are you a robot?" gets an honest answer from every waiting point.</summary>
    private static void CheckRobotAnswer(ValidationContext context)
    {
        var globals = context.Script.GlobalIntents;
        var index = globals.FindIndex(g => g.Intent == SystemIntents.AskIsRobot);
        if (index < 0)
        {
            if (context.Script.Nodes.OfType<AskNode>().All(a => a.Routes.ContainsKey(SystemIntents.AskIsRobot)))
            {
                return;
            }
            context.Warning(DiagnosticCodes.NoRobotAnswer,
                "nothing answers 'are you a robot?' (ask_is_robot): add a global intent ask_is_robot whose message says the member is talking to an AI, e.g. 是的,我是{{brand.name}}的智能客服",
                "$.globalIntents");
            return;
        }
        var global = globals[index];
        var path = $"$.globalIntents[{index}]";
        var answer = global.Message;
        var answerPath = path + ".message";
        if (answer is null && context.NodeById(global.Then) is { } target)
        {
            answer = SpokenMessage(target);
            answerPath = context.PathOf(global.Then) + ".message";
        }
        if (answer is null || !Discloses(answer, answerPath))
        {
            context.Warning(DiagnosticCodes.NoRobotAnswer,
                "the answer to 'are you a robot?' (ask_is_robot) does not say the bot is an AI: answer honestly, e.g. 是的,我是{{brand.name}}的智能客服",
                answer is null ? path : answerPath);
        }
    }

    private static void CheckOptOut(ValidationContext context)
    {
        var globals = context.Script.GlobalIntents;
        var index = globals.FindIndex(g => g.Intent == SystemIntents.OptOut);
        if (index >= 0)
        {
            var then = globals[index].Then;
            var path = $"$.globalIntents[{index}].then";
            if (then == GlobalIntent.ReturnToWaitingNode)
            {
                context.Warning(DiagnosticCodes.OptOutNotHonoured,
                    "opting out returns to the question instead of ending the conversation: set 'then' to an end node (outcome opt_out)", path);
            }
            else
            {
                CheckEndsAtOnce(context, then, path, null);
            }
        }
        foreach (var (node, path) in context.Nodes)
        {
            if (node is not AskNode ask)
            {
                continue;
            }
            if (ask.Route(SystemIntents.OptOut) is { } target)
            {
                CheckEndsAtOnce(context, target, $"{path}.routes.{SystemIntents.OptOut}", ask.Id);
            }
            else if (index < 0)
            {
                context.Warning(DiagnosticCodes.OptOutUnreachable,
                    "the member cannot opt out here: add an 'opt_out' route, or a global intent opt_out that ends the conversation (个人信息保护法 第二十四条)",
                    path + ".routes", ask.Id);
            }
        }
    }

    /// <summary>Opting out must end the conversation without asking the member anything more.</summary>
    private static void CheckEndsAtOnce(ValidationContext context, string target, string path, string? nodeId)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var queue = new Queue<string>([target]);
        while (queue.Count > 0)
        {
            if (context.NodeById(queue.Dequeue()) is not { } node || !seen.Add(node.Id))
            {
                continue;
            }
            if (node is AskNode)
            {
                context.Warning(DiagnosticCodes.OptOutNotHonoured,
                    $"opting out leads to the question '{node.Id}' instead of ending the conversation: route opt_out to an end node (outcome opt_out)", path, nodeId);
                return;
            }
            foreach (var next in ValidationContext.Successors(node))
            {
                queue.Enqueue(next);
            }
        }
    }
}
