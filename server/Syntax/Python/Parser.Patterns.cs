// Match-statement patterns: literals, captures, values, sequences, mappings, classes, or-patterns and as-patterns.
namespace CodeNodeLsp.Syntax.Python;

internal sealed partial class Parser
{
    /// <summary><c>patterns</c>: an open sequence <c>case a, *rest:</c> or one pattern.</summary>
    private Pattern ParsePatterns()
    {
        int start = Start;
        var first = ParseMaybeStarPattern();
        if (Kind != TK.Comma) return first;
        var seq = new MatchSequence();
        seq.Patterns.Add(first);
        while (Eat(TK.Comma))
        {
            if (Kind is TK.Colon or TK.If || AtLineEnd) break;
            seq.Patterns.Add(ParseMaybeStarPattern());
        }
        return Fin(seq, start);
    }

    private Pattern ParseMaybeStarPattern()
    {
        if (Kind != TK.Star) return ParsePattern();
        int start = Start;
        Advance();
        Identifier? name = null;
        if (Kind == TK.Name)
        {
            var id = ParseIdentifier();
            if (id.Name != "_") name = id;
        }
        else ErrorHere("invalid syntax");
        return Fin(new MatchStar { Name = name }, start);
    }

    private Pattern ParsePattern()
    {
        int start = Start;
        var or = ParseOrPattern();
        if (Kind != TK.As) return or;
        Advance();
        Identifier name;
        if (Kind == TK.Name && Tok.Text == "_")
        {
            ErrorHere("cannot use '_' as a target");
            name = ParseIdentifier();
        }
        else if (Kind == TK.Name) name = ParseIdentifier();
        else
        {
            ErrorHere("invalid pattern target");
            name = MissingIdentifier();
        }
        return Fin(new MatchAs { Pattern = or, Name = name }, start);
    }

    private Pattern ParseOrPattern()
    {
        int start = Start;
        var first = ParseClosedPattern();
        if (Kind != TK.VBar) return first;
        var or = new MatchOr();
        or.Patterns.Add(first);
        while (Eat(TK.VBar)) or.Patterns.Add(ParseClosedPattern());
        return Fin(or, start);
    }

    private Pattern ParseClosedPattern()
    {
        int start = Start;
        switch (Kind)
        {
            case TK.Number or TK.Minus:
                return Fin(new MatchValue { Value = ParseSignedNumber() }, start);
            case TK.String or TK.FStringStart:
            {
                var s = ParseStrings();
                if (s is StringLiteral { IsFString: true }) ErrorAt(s, "patterns may only match literals and attribute lookups");
                return Fin(new MatchValue { Value = s }, start);
            }
            case TK.None or TK.True or TK.False:
            {
                var c = (Constant)ParseAtom();
                return Fin(new MatchSingleton { Value = c }, start);
            }
            case TK.Name:
                return ParseNamePattern();
            case TK.LPar or TK.LSqb:
            {
                if (!Deeper()) { depth--; TooDeep(start); return Fin(new MatchValue { Value = Missing() }, start); }
                var p = ParseSequencePattern();
                depth--;
                return p;
            }
            case TK.LBrace:
            {
                if (!Deeper()) { depth--; TooDeep(start); return Fin(new MatchValue { Value = Missing() }, start); }
                var p = ParseMappingPattern();
                depth--;
                return p;
            }
            default:
                ErrorHere("invalid syntax");
                return Fin(new MatchValue { Value = Missing() }, start);
        }
    }

    /// <summary>A number pattern: <c>1</c>, <c>-1</c>, <c>1 + 2j</c>, <c>-1 - 2j</c>.</summary>
    private Expr ParseSignedNumber()
    {
        int start = Start;
        Expr e;
        if (Kind == TK.Minus)
        {
            Advance();
            var operand = Kind == TK.Number ? ParseAtom() : MissingNumber();
            e = Fin(new UnaryOp { Op = "-", Operand = operand }, start);
        }
        else e = ParseAtom();
        if (Kind is TK.Plus or TK.Minus)
        {
            string op = TokenKinds.TextOf(Kind);
            Advance();
            var right = Kind == TK.Number ? ParseAtom() : MissingNumber();
            if (right is Constant { Kind: not ConstantKind.Complex }) ErrorAt(right, "imaginary number required in complex literal");
            e = Fin(new BinOp { Left = e, Op = op, Right = right }, start);
        }
        return e;
    }

    private Expr MissingNumber()
    {
        ErrorHere("invalid syntax");
        return Missing();
    }

    private Pattern ParseNamePattern()
    {
        int start = Start;
        var first = Tok;
        Advance();
        if (Kind is not (TK.Dot or TK.LPar))
        {
            // A bare name captures (or is the wildcard "_").
            return first.Text == "_"
                ? Fin(new MatchAs(), start)
                : Fin(new MatchAs { Name = new Identifier(first.Text, first.Span) }, start);
        }
        Expr value = new Name(first.Text, first.Span);
        while (Eat(TK.Dot))
        {
            var attr = Kind == TK.Name ? ParseIdentifier() : MissingAttr();
            value = Fin(new Attribute { Value = value, Attr = attr }, start);
            if (attr.IsMissing) break;
        }
        if (Kind != TK.LPar) return Fin(new MatchValue { Value = value }, start);
        return ParseClassPattern(value, start);
    }

    private Identifier MissingAttr()
    {
        ErrorHere("invalid syntax");
        return MissingIdentifier();
    }

    private Pattern ParseClassPattern(Expr cls, int start)
    {
        Advance(); // (
        var node = new MatchClass { Cls = cls };
        bool seenKeyword = false;
        while (Kind != TK.RPar && !AtLineEnd)
        {
            int before = pos;
            if (Kind == TK.Name && Peek() == TK.Equal)
            {
                node.KwdAttrs.Add(ParseIdentifier());
                Advance(); // =
                node.KwdPatterns.Add(ParsePattern());
                seenKeyword = true;
            }
            else
            {
                var p = ParsePattern();
                if (seenKeyword) ErrorAt(p, "positional patterns follow keyword patterns");
                node.Patterns.Add(p);
            }
            if (!Eat(TK.Comma) || pos == before) break;
        }
        ExpectClose(TK.RPar);
        return Fin(node, start);
    }

    private Pattern ParseSequencePattern()
    {
        int start = Start;
        var close = Kind == TK.LPar ? TK.RPar : TK.RSqb;
        Advance();
        var seq = new MatchSequence();
        if (Eat(close)) return Fin(seq, start);
        var first = ParseMaybeStarPattern();
        if (close == TK.RPar && Kind != TK.Comma && first is not MatchStar)
        {
            // A group pattern "(p)" is just p.
            ExpectClose(TK.RPar);
            return first;
        }
        seq.Patterns.Add(first);
        while (Eat(TK.Comma))
        {
            if (Kind == close || AtLineEnd) break;
            seq.Patterns.Add(ParseMaybeStarPattern());
        }
        ExpectClose(close);
        return Fin(seq, start);
    }

    private Pattern ParseMappingPattern()
    {
        int start = Start;
        Advance(); // {
        var map = new MatchMapping();
        Identifier? rest = null;
        while (Kind != TK.RBrace && !AtLineEnd)
        {
            int before = pos;
            if (Eat(TK.DoubleStar))
            {
                rest = ParseIdentifier();
            }
            else
            {
                if (rest != null) ErrorHere("invalid syntax");
                Expr key = Kind switch
                {
                    TK.Number or TK.Minus => ParseSignedNumber(),
                    TK.String or TK.FStringStart => ParseStrings(),
                    TK.None or TK.True or TK.False => ParseAtom(),
                    TK.Name => ParseDottedValue(),
                    _ => MissingKey(),
                };
                map.Keys.Add(key);
                if (Eat(TK.Colon)) map.Patterns.Add(ParsePattern());
                else
                {
                    ErrorHere("invalid syntax");
                    map.Patterns.Add(new MatchValue { Value = Missing(), Span = MissingSpan });
                }
            }
            if (!Eat(TK.Comma) || pos == before) break;
        }
        ExpectClose(TK.RBrace);
        var result = new MatchMapping { Rest = rest };
        result.Keys.AddRange(map.Keys);
        result.Patterns.AddRange(map.Patterns);
        return Fin(result, start);
    }

    private Expr MissingKey()
    {
        ErrorHere("invalid syntax");
        return Missing();
    }

    private Expr ParseDottedValue()
    {
        int start = Start;
        Expr value = ParseAtom();
        while (Eat(TK.Dot))
        {
            var attr = Kind == TK.Name ? ParseIdentifier() : MissingAttr();
            value = Fin(new Attribute { Value = value, Attr = attr }, start);
            if (attr.IsMissing) break;
        }
        return value;
    }
}
