// Expression grammar: precedence climbing, atoms and trailers, displays, comprehensions, lambdas, targets.
using CodeNodeLsp.Text;

namespace CodeNodeLsp.Syntax.Python;

internal sealed partial class Parser
{
    /// <summary>Expressions that were written inside parentheses (CPython's spans exclude the parentheses).</summary>
    private readonly HashSet<Expr> parenthesized = new(ReferenceEqualityComparer.Instance);

    private static bool CanStartExpression(TK k) => k switch
    {
        TK.Name or TK.Number or TK.String or TK.FStringStart or TK.LPar or TK.LSqb or TK.LBrace or TK.Minus
            or TK.Plus or TK.Tilde or TK.Not or TK.Lambda or TK.Await or TK.None or TK.True or TK.False
            or TK.Ellipsis or TK.Star or TK.Placeholder or TK.Error => true,
        _ => false,
    };

    /// <summary>Tokens after which a missing comma is the likely mistake (an element simply starts here).</summary>
    private static bool StartsElement(TK k) => CanStartExpression(k) && k is not (TK.Star or TK.Error or TK.Minus or TK.Plus or TK.Not);

    // ───────────────────────────── expression lists ─────────────────────────────

    /// <summary><c>star_expressions</c>: <c>a, *b, c</c> makes a tuple without parentheses.</summary>
    private Expr ParseStarExpressions() => ParseBareTuple(targets: false);

    /// <summary>
    /// One item, or items separated by commas that make a tuple without parentheses (a trailing comma allowed).
    /// Targets are read at the <c>|</c> level, so the <c>in</c> of a for or a comprehension stays free; other
    /// items are full star expressions.
    /// </summary>
    private Expr ParseBareTuple(bool targets)
    {
        int start = Start;
        var first = targets ? ParseTarget() : ParseStarExpr();
        if (Kind != TK.Comma) return first;
        start = Math.Min(start, first.Span.Start);
        var tuple = new TupleExpr();
        tuple.Elts.Add(first);
        while (Eat(TK.Comma))
        {
            if (!CanStartExpression(Kind)) break;
            tuple.Elts.Add(targets ? ParseTarget() : ParseStarExpr());
        }
        return Fin(tuple, start);
    }

    private Expr ParseStarExpr()
    {
        if (Kind != TK.Star) return ParseExpression();
        int start = Start;
        Advance();
        var value = ParseBinary(1);
        return Fin(new Starred { Value = value }, start);
    }

    private Expr ParseStarNamedExpression()
    {
        if (Kind != TK.Star) return ParseNamedExpression();
        int start = Start;
        Advance();
        var value = ParseBinary(1);
        return Fin(new Starred { Value = value }, start);
    }

    private Expr ParseNamedExpression()
    {
        int start = Start;
        if (Kind == TK.Name && Peek() == TK.ColonEqual)
        {
            var t = Tok;
            Advance();
            Advance();
            var value = ParseExpression();
            return Fin(new NamedExpr { Target = new Name(t.Text, t.Span), Value = value }, start);
        }
        var e = ParseExpression();
        if (Kind == TK.ColonEqual)
        {
            start = Math.Min(start, e.Span.Start);
            ErrorAt(e, $"cannot use assignment expressions with {ExprName(e)}");
            Advance();
            var value = ParseExpression();
            return Fin(new NamedExpr { Target = e, Value = value }, start);
        }
        return e;
    }

    /// <summary>The condition of if/elif/while: a named expression, where a lone '=' gets CPython's hint.</summary>
    private Expr ParseHeaderExpression()
    {
        var e = ParseNamedExpression();
        if (Kind == TK.Equal) ReportMisplacedEquals(e);
        return e;
    }

    private void ReportMisplacedEquals(Expr e)
    {
        if (e is Name)
            ErrorAt(e.Span.Start, Tok.Span.End - e.Span.Start, "invalid syntax. Maybe you meant '==' or ':=' instead of '='?");
        else if (IsBitwiseOrLevel(e) && !IsExcludedFromAssignHint(e))
            ErrorAt(e, $"cannot assign to {ExprName(e)} here. Maybe you meant '==' instead of '='?");
        else ErrorHere("invalid syntax");
        Advance();
        ParseExpression();
    }

    // ───────────────────────────── operators ─────────────────────────────

    /// <summary><c>expression</c>: a conditional expression, a lambda or a disjunction.</summary>
    private Expr ParseExpression()
    {
        if (Kind == TK.Lambda) return ParseLambda();
        int start = Start;
        var body = ParseDisjunction();
        if (Kind != TK.If) return body;
        start = Math.Min(start, body.Span.Start);
        // "x if" inside a comprehension's element is still a conditional; CPython needs the else.
        Advance();
        var test = ParseDisjunction();
        Expr orElse;
        if (Eat(TK.Else))
        {
            if (!Deeper()) { depth--; return TooDeep(start); }
            orElse = ParseExpression();
            depth--;
        }
        else
        {
            // CPython gives the specific message only when no ':' follows ("[x if y:" is plain invalid syntax).
            ErrorHere(Kind == TK.Colon ? "invalid syntax" : "expected 'else' after 'if' expression");
            orElse = Missing();
        }
        return Fin(new IfExp { Test = test, Body = body, OrElse = orElse }, start);
    }

    private Expr ParseDisjunction()
    {
        int start = Start;
        var first = ParseConjunction();
        if (Kind != TK.Or) return first;
        start = Math.Min(start, first.Span.Start);
        var node = new BoolOp { Op = "or" };
        node.Values.Add(first);
        while (Eat(TK.Or)) node.Values.Add(ParseConjunction());
        return Fin(node, start);
    }

    private Expr ParseConjunction()
    {
        int start = Start;
        var first = ParseInversion();
        if (Kind != TK.And) return first;
        start = Math.Min(start, first.Span.Start);
        var node = new BoolOp { Op = "and" };
        node.Values.Add(first);
        while (Eat(TK.And)) node.Values.Add(ParseInversion());
        return Fin(node, start);
    }

    private Expr ParseInversion()
    {
        if (Kind != TK.Not) return ParseComparison();
        int start = Start;
        if (!Deeper()) { depth--; return TooDeep(start); }
        Advance();
        var operand = ParseInversion();
        depth--;
        return Fin(new UnaryOp { Op = "not", Operand = operand }, start);
    }

    private Expr ParseComparison()
    {
        int start = Start;
        var left = ParseBinary(1);
        string? op = CompareOp();
        if (op == null) return left;
        start = Math.Min(start, left.Span.Start);
        var node = new Compare { Left = left };
        while (op != null)
        {
            Advance();
            if (op is "not in" or "is not") Advance();
            node.Ops.Add(op);
            node.Comparators.Add(ParseBinary(1));
            op = CompareOp();
        }
        return Fin(node, start);
    }

    private string? CompareOp() => Kind switch
    {
        TK.EqEqual => "==",
        TK.NotEqual => Tok.Text == "<>" ? null : "!=",
        TK.Less => "<",
        TK.LessEqual => "<=",
        TK.Greater => ">",
        TK.GreaterEqual => ">=",
        TK.In => "in",
        TK.Not when Peek() == TK.In => "not in",
        TK.Is => Peek() == TK.Not ? "is not" : "is",
        _ => null,
    };

    private static int BinaryPrecedence(TK k) => k switch
    {
        TK.VBar => 1,
        TK.Circumflex => 2,
        TK.Amper => 3,
        TK.LShift or TK.RShift => 4,
        TK.Plus or TK.Minus => 5,
        TK.Star or TK.Slash or TK.DoubleSlash or TK.Percent or TK.At => 6,
        _ => 0,
    };

    /// <summary>Precedence climbing over the binary operators from <c>|</c> (1) to <c>* / // % @</c> (6).</summary>
    private Expr ParseBinary(int minPrecedence)
    {
        int start = Start;
        var left = ParseUnary();
        start = Math.Min(start, left.Span.Start);
        while (true)
        {
            int prec = BinaryPrecedence(Kind);
            if (prec == 0 || prec < minPrecedence) return left;
            string op = TokenKinds.TextOf(Kind);
            Advance();
            var right = ParseBinary(prec + 1);
            left = Fin(new BinOp { Left = left, Op = op, Right = right }, start);
        }
    }

    private Expr ParseUnary()
    {
        if (Kind is not (TK.Minus or TK.Plus or TK.Tilde)) return ParsePower();
        int start = Start;
        if (!Deeper()) { depth--; return TooDeep(start); }
        string op = TokenKinds.TextOf(Kind);
        Advance();
        var operand = ParseUnary();
        depth--;
        return Fin(new UnaryOp { Op = op, Operand = operand }, start);
    }

    private Expr ParsePower()
    {
        int start = Start;
        Expr left;
        if (Kind == TK.Await)
        {
            Advance();
            left = Fin(new Await { Value = ParsePrimary() }, start);
        }
        else left = ParsePrimary();
        if (Kind != TK.DoubleStar) return left;
        start = Math.Min(start, left.Span.Start);
        Advance();
        if (!Deeper()) { depth--; return TooDeep(start); }
        var right = ParseUnary();
        depth--;
        return Fin(new BinOp { Left = left, Op = "**", Right = right }, start);
    }

    private Expr ParsePrimary()
    {
        int start = Start;
        var e = ParseAtom();
        start = Math.Min(start, e.Span.Start);
        while (true)
        {
            switch (Kind)
            {
                case TK.Dot:
                {
                    Advance();
                    Identifier attr;
                    if (Kind == TK.Name)
                    {
                        var t = Tok;
                        Advance();
                        attr = new Identifier(t.Text, t.Span);
                    }
                    else
                    {
                        // example: "foo." while typing: the Attribute keeps foo, its name is missing.
                        ErrorHere("invalid syntax");
                        attr = MissingIdentifier();
                    }
                    e = Fin(new Attribute { Value = e, Attr = attr }, start);
                    if (attr.IsMissing) return e;
                    break;
                }
                case TK.LPar:
                {
                    // Arguments and subscripts nest like brackets (f(f(f(...))), a[a[...]]): guarded the same way.
                    if (!Deeper()) { depth--; return TooDeep(start); }
                    var args = ParseCallArguments();
                    depth--;
                    e = Fin(new Call { Func = e, Arguments = args }, start);
                    break;
                }
                case TK.LSqb:
                    if (!Deeper()) { depth--; return TooDeep(start); }
                    e = ParseSubscript(e, start);
                    depth--;
                    break;
                default:
                    return e;
            }
        }
    }

    private Expr TooDeep(int start)
    {
        ErrorForced(Start, 0, "too many nested parentheses");
        // Everything to the end of the line is part of the over-deep expression; skipping it keeps the stack flat.
        while (!AtLineEnd) Advance();
        return new ErrorExpr { Category = ErrorCategory.TooDeep, Span = lastEnd >= start ? TextSpan.FromBounds(start, lastEnd) : MissingSpan };
    }

    // ───────────────────────────── atoms ─────────────────────────────

    private Expr ParseAtom()
    {
        int start = Start;
        var t = Tok;
        switch (Kind)
        {
            case TK.Name:
                Advance();
                return new Name(t.Text, t.Span);
            case TK.Number:
                Advance();
                return new Constant { Kind = NumberKind(t.Text), Text = t.Text, Span = t.Span };
            case TK.True:
                Advance();
                return new Constant { Kind = ConstantKind.True, Text = "True", Span = t.Span };
            case TK.False:
                Advance();
                return new Constant { Kind = ConstantKind.False, Text = "False", Span = t.Span };
            case TK.None:
                Advance();
                return new Constant { Kind = ConstantKind.None, Text = "None", Span = t.Span };
            case TK.Ellipsis:
                Advance();
                return new Constant { Kind = ConstantKind.Ellipsis, Text = "...", Span = t.Span };
            case TK.String or TK.FStringStart:
                return ParseStrings();
            case TK.Placeholder:
                Advance();
                return MakePlaceholder(t);
            case TK.LPar or TK.LSqb or TK.LBrace:
            {
                if (!Deeper()) { depth--; return TooDeep(start); }
                var e = Kind == TK.LPar ? ParseParenthesized() : Kind == TK.LSqb ? ParseList() : ParseBraces();
                depth--;
                return e;
            }
            case TK.Error:
                ErrorHere("invalid syntax");
                Advance();
                return new ErrorExpr { Category = ErrorCategory.BadToken, Span = t.Span };
            case TK.Yield:
            {
                // A yield is only allowed where the grammar asks for it (statements, parentheses, assignments).
                ErrorHere("invalid syntax");
                return ParseYield();
            }
            default:
                ErrorHere("invalid syntax");
                return Missing();
        }
    }

    private static ConstantKind NumberKind(string text)
    {
        char last = text[^1];
        if (last is 'j' or 'J') return ConstantKind.Complex;
        if (text.Length > 1 && text[0] == '0' && text[1] is 'x' or 'X' or 'o' or 'O' or 'b' or 'B') return ConstantKind.Int;
        foreach (char c in text) if (c is '.' or 'e' or 'E') return ConstantKind.Float;
        return ConstantKind.Int;
    }

    private Placeholder MakePlaceholder(Token t)
    {
        var s = t.Text;
        bool pflow = s.StartsWith('$');
        int open = 2, close = pflow ? (s.EndsWith('}') ? 1 : 0) : 2;
        int a = open, b = Math.Max(open, s.Length - close);
        while (a < b && char.IsWhiteSpace(s[a])) a++;
        while (b > a && char.IsWhiteSpace(s[b - 1])) b--;
        return new Placeholder
        {
            Kind = pflow ? PlaceholderKind.Pflow : PlaceholderKind.Voxworks,
            Path = s[a..b],
            PathSpan = new TextSpan(t.Span.Start + a, b - a),
            Span = t.Span,
        };
    }

    private Expr ParseYield()
    {
        int start = Start;
        Advance(); // yield
        if (Eat(TK.From)) return Fin(new Yield { Value = ParseExpression(), IsFrom = true }, start);
        var value = CanStartExpression(Kind) ? ParseStarExpressions() : null;
        return Fin(new Yield { Value = value }, start);
    }

    private Expr ParseParenthesized()
    {
        int start = Start;
        Advance(); // (
        if (Kind == TK.RPar)
        {
            Advance();
            return Fin(new TupleExpr { Parenthesized = true }, start);
        }
        if (Kind == TK.Yield)
        {
            var y = ParseYield();
            ExpectClose(TK.RPar);
            parenthesized.Add(y);
            return y;
        }
        var first = ParseStarNamedExpression();
        if (IsComprehensionStart())
        {
            var gen = ParseComprehension(ComprehensionKind.Generator, null, first);
            ExpectClose(TK.RPar);
            return Fin(gen, start);
        }
        if (Kind == TK.Comma || (StartsElement(Kind) && Kind != TK.Name))
        {
            var tuple = new TupleExpr { Parenthesized = true };
            tuple.Elts.Add(first);
            ParseElementsAfterFirst(tuple.Elts, TK.RPar, first);
            ExpectClose(TK.RPar);
            return Fin(tuple, start);
        }
        if (Kind == TK.Equal) ReportMisplacedEquals(first);
        else if (Kind == TK.Name && !AtLineEnd) ReportMissingComma(first);
        ExpectClose(TK.RPar);
        if (first is Starred) ErrorAt(first, "cannot use starred expression here");
        parenthesized.Add(first);
        return first;
    }

    private Expr ParseList()
    {
        int start = Start;
        Advance(); // [
        var list = new ListExpr();
        if (Kind != TK.RSqb)
        {
            var first = ParseStarNamedExpression();
            if (IsComprehensionStart())
            {
                var comp = ParseComprehension(ComprehensionKind.List, null, first);
                ExpectClose(TK.RSqb);
                return Fin(comp, start);
            }
            list.Elts.Add(first);
            ParseElementsAfterFirst(list.Elts, TK.RSqb, first);
        }
        ExpectClose(TK.RSqb);
        return Fin(list, start);
    }

    /// <summary>Comma-separated elements after the first, with CPython's "forgot a comma" hint.</summary>
    private void ParseElementsAfterFirst(List<Expr> elts, TK close, Expr first)
    {
        var previous = first;
        while (true)
        {
            if (Eat(TK.Comma))
            {
                if (Kind == close || !CanStartExpression(Kind)) break;
            }
            else if (StartsElement(Kind))
            {
                ReportMissingComma(previous);
            }
            else
            {
                if (Kind == TK.Equal) ReportMisplacedEquals(previous);
                break;
            }
            previous = ParseStarNamedExpression();
            elts.Add(previous);
        }
    }

    private void ReportMissingComma(Expr previous)
    {
        if (previous is Name && Kind is TK.String or TK.FStringStart) ErrorHere("invalid syntax");
        else ErrorAt(previous.Span.Start, Tok.Span.End - previous.Span.Start, "invalid syntax. Perhaps you forgot a comma?");
    }

    private Expr ParseBraces()
    {
        int start = Start;
        Advance(); // {
        if (Kind == TK.RBrace)
        {
            Advance();
            return Fin(new DictExpr(), start);
        }
        if (Kind == TK.DoubleStar)
        {
            var dict = new DictExpr();
            ParseDictItems(dict);
            ExpectClose(TK.RBrace);
            return Fin(dict, start);
        }
        var first = ParseStarNamedExpression();
        if (Kind == TK.Colon && first is not Starred)
        {
            Advance();
            var value = ParseExpression();
            if (IsComprehensionStart())
            {
                var comp = ParseComprehension(ComprehensionKind.Dict, first, value);
                ExpectClose(TK.RBrace);
                return Fin(comp, start);
            }
            var dict = new DictExpr();
            dict.Keys.Add(first);
            dict.Values.Add(value);
            if (Eat(TK.Comma)) ParseDictItems(dict);
            else if (StartsElement(Kind)) { ReportMissingComma(value); ParseDictItems(dict); }
            ExpectClose(TK.RBrace);
            return Fin(dict, start);
        }
        if (IsComprehensionStart())
        {
            var comp = ParseComprehension(ComprehensionKind.Set, null, first);
            ExpectClose(TK.RBrace);
            return Fin(comp, start);
        }
        var set = new SetExpr();
        set.Elts.Add(first);
        ParseElementsAfterFirst(set.Elts, TK.RBrace, first);
        ExpectClose(TK.RBrace);
        return Fin(set, start);
    }

    private void ParseDictItems(DictExpr dict)
    {
        while (Kind != TK.RBrace && !AtLineEnd)
        {
            int before = pos;
            if (Eat(TK.DoubleStar))
            {
                dict.Keys.Add(null);
                dict.Values.Add(ParseBinary(1));
            }
            else
            {
                bool firstItem = dict.Keys.Count == 0;
                var key = ParseExpression();
                dict.Keys.Add(key);
                if (Eat(TK.Colon)) dict.Values.Add(ParseExpression());
                else
                {
                    // CPython's invalid_kvpair: after a first pair any key without ':' is reported at its last character.
                    if (!firstItem || Kind is TK.Comma or TK.RBrace) ErrorAt(Math.Max(key.Span.Start, key.Span.End - 1), 1, "':' expected after dictionary key");
                    else ErrorHere("invalid syntax");
                    dict.Values.Add(Missing());
                }
            }
            if (Eat(TK.Comma)) continue;
            if (StartsElement(Kind) && pos != before)
            {
                ReportMissingComma(dict.Values[^1]);
                continue;
            }
            break;
        }
    }

    private bool IsComprehensionStart() => Kind == TK.For || (Kind == TK.Async && Peek() == TK.For);

    private ComprehensionExpr ParseComprehension(ComprehensionKind kind, Expr? key, Expr element)
    {
        if (element is Starred && kind != ComprehensionKind.Dict)
            ErrorAt(element, kind == ComprehensionKind.Generator ? "iterable unpacking cannot be used in comprehension" : "iterable unpacking cannot be used in comprehension");
        var node = new ComprehensionExpr { Kind = kind, Key = key, Element = element };
        while (IsComprehensionStart())
        {
            int start = Start;
            bool isAsync = Eat(TK.Async);
            Advance(); // for
            var target = ParseTargetList();
            CheckTarget(target, TargetUse.For);
            Expr iter;
            if (Eat(TK.In)) iter = ParseDisjunction();
            else
            {
                ErrorHere("invalid syntax");
                iter = Missing();
            }
            var comp = new Comprehension { Target = target, Iter = iter, IsAsync = isAsync };
            while (Eat(TK.If)) comp.Ifs.Add(ParseDisjunction());
            node.Generators.Add(Fin(comp, start));
        }
        return Fin(node, (key ?? element).Span.Start);
    }

    /// <summary>Expects a closing bracket; at a line end the lexer has already said the bracket was never closed.</summary>
    private void ExpectClose(TK close)
    {
        if (Eat(close)) return;
        if (AtLineEnd || Kind is TK.Indent or TK.Dedent) return;
        ErrorHere("invalid syntax");
        int nest = 0;
        while (!AtLineEnd)
        {
            var k = Kind;
            if (k is TK.LPar or TK.LSqb or TK.LBrace) nest++;
            else if (k is TK.RPar or TK.RSqb or TK.RBrace)
            {
                if (nest == 0)
                {
                    Advance();
                    return;
                }
                nest--;
            }
            Advance();
        }
    }

    // ───────────────────────────── calls and subscripts ─────────────────────────────

    private Arguments ParseCallArguments()
    {
        int start = Start;
        Advance(); // (
        var args = new Arguments();
        bool seenKeyword = false, seenKwUnpack = false;
        while (Kind != TK.RPar && !AtLineEnd)
        {
            int aStart = Start;
            int before = pos;
            Expr? last = null;
            if (Kind == TK.Star)
            {
                Advance();
                var value = ParseExpression();
                if (seenKwUnpack) ErrorAt(aStart, lastEnd - aStart, "iterable argument unpacking follows keyword argument unpacking");
                last = Fin(new Starred { Value = value }, aStart);
                args.Args.Add(last);
            }
            else if (Kind == TK.DoubleStar)
            {
                Advance();
                last = ParseExpression();
                args.Keywords.Add(Fin(new Keyword { Value = last }, aStart));
                seenKwUnpack = true;
            }
            else if (Kind == TK.Name && Peek() == TK.Equal)
            {
                var t = Tok;
                Advance();
                Advance();
                last = ParseExpression();
                args.Keywords.Add(Fin(new Keyword { Arg = new Identifier(t.Text, t.Span), Value = last }, aStart));
                seenKeyword = true;
            }
            else
            {
                var e = ParseNamedExpression();
                if (IsComprehensionStart())
                {
                    var gen = ParseComprehension(ComprehensionKind.Generator, null, e);
                    if (args.Args.Count + args.Keywords.Count > 0 || Kind == TK.Comma && Peek() != TK.RPar)
                        ErrorAt(gen, "Generator expression must be parenthesized");
                    e = gen;
                }
                else if (Kind == TK.Equal)
                {
                    ErrorAt(e.Span.Start, Tok.Span.End - e.Span.Start, "expression cannot contain assignment, perhaps you meant \"==\"?");
                    Advance();
                    ParseExpression();
                }
                if (seenKwUnpack) ErrorAt(e, "positional argument follows keyword argument unpacking");
                else if (seenKeyword) ErrorAt(e, "positional argument follows keyword argument");
                args.Args.Add(e);
                last = e;
            }
            if (Eat(TK.Comma)) continue;
            if (Kind == TK.RPar) break;
            if (StartsElement(Kind) && pos != before)
            {
                ReportMissingComma(last!);
                continue;
            }
            break;
        }
        ExpectClose(TK.RPar);
        return Fin(args, start);
    }

    private Expr ParseSubscript(Expr value, int start)
    {
        Advance(); // [
        Expr slice;
        if (Kind == TK.RSqb)
        {
            ErrorHere("invalid syntax");
            slice = Missing(ErrorCategory.MissingIndex);
        }
        else
        {
            int sStart = Start;
            var first = ParseSliceItem();
            if (Kind == TK.Comma)
            {
                var tuple = new TupleExpr();
                tuple.Elts.Add(first);
                while (Eat(TK.Comma))
                {
                    if (Kind == TK.RSqb || AtLineEnd) break;
                    tuple.Elts.Add(ParseSliceItem());
                }
                slice = Fin(tuple, sStart);
            }
            else slice = first;
        }
        ExpectClose(TK.RSqb);
        return Fin(new Subscript { Value = value, Slice = slice }, start);
    }

    private Expr ParseSliceItem()
    {
        int start = Start;
        Expr? lower = null;
        if (Kind != TK.Colon)
        {
            lower = ParseStarNamedExpression();
            if (Kind != TK.Colon) return lower;
            start = Math.Min(start, lower.Span.Start);
        }
        Advance(); // :
        Expr? upper = Kind is TK.Colon or TK.Comma or TK.RSqb || AtLineEnd ? null : ParseExpression();
        Expr? step = null;
        if (Eat(TK.Colon) && Kind is not (TK.Comma or TK.RSqb) && !AtLineEnd) step = ParseExpression();
        return Fin(new Slice { Lower = lower, Upper = upper, Step = step }, start);
    }

    // ───────────────────────────── lambdas, parameters, type parameters ─────────────────────────────

    private Expr ParseLambda()
    {
        int start = Start;
        if (!Deeper()) { depth--; return TooDeep(start); }
        Advance(); // lambda
        var parameters = ParseParameters(TK.Colon, allowAnnotations: false);
        Expr body;
        if (Eat(TK.Colon)) body = ParseExpression();
        else
        {
            ErrorHere(AtLineEnd ? "expected ':'" : "invalid syntax");
            body = Missing();
        }
        depth--;
        return Fin(new Lambda { Parameters = parameters, Body = body }, start);
    }

    private struct ParamData
    {
        public Identifier Name;
        public Expr? Annotation;
        public Expr? Default;
        public ParameterKind Kind;
        public int Start;
        public TextSpan Span;
    }

    private Parameters ParseParameters(TK close, bool allowAnnotations)
    {
        int start = Start;
        var items = new List<ParamData>();
        bool seenStar = false, seenKwArgs = false, seenDefault = false, seenSlash = false;
        while (Kind != close && !AtLineEnd)
        {
            int pStart = Start;
            int before = pos;
            if (seenKwArgs && Kind is TK.Name or TK.Star or TK.DoubleStar or TK.Slash)
                ErrorHere("arguments cannot follow var-keyword argument");
            if (Kind == TK.Slash)
            {
                Advance();
                if (seenSlash) ErrorAt(pStart, 1, "/ may appear only once");
                else if (seenStar) ErrorAt(pStart, 1, "/ must be ahead of *");
                else if (items.Count == 0) ErrorAt(pStart, 1, "at least one argument must precede /");
                seenSlash = true;
                for (int i = 0; i < items.Count; i++)
                {
                    var d = items[i];
                    if (d.Kind == ParameterKind.Normal) { d.Kind = ParameterKind.PositionalOnly; items[i] = d; }
                }
            }
            else if (Kind == TK.Star)
            {
                Advance();
                if (seenStar) ErrorAt(pStart, 1, "* argument may appear only once");
                seenStar = true;
                if (Kind == TK.Name)
                {
                    var d = ParseParam(pStart, ParameterKind.VarArgs, allowAnnotations, allowStarAnnotation: true);
                    if (d.Default != null) ErrorAt(d.Default, "var-positional argument cannot have default value");
                    items.Add(d);
                }
                else if (Kind == close || (Kind == TK.Comma && Peek() is TK.DoubleStar) || (Kind == TK.Comma && Peek() == close))
                {
                    ErrorAt(pStart, 1, "named arguments must follow bare *");
                }
            }
            else if (Kind == TK.DoubleStar)
            {
                Advance();
                var d = ParseParam(pStart, ParameterKind.KwArgs, allowAnnotations, allowStarAnnotation: false);
                if (d.Default != null) ErrorAt(d.Default, "var-keyword argument cannot have default value");
                items.Add(d);
                seenKwArgs = true;
            }
            else if (Kind == TK.Name)
            {
                var d = ParseParam(pStart, seenStar ? ParameterKind.KeywordOnly : ParameterKind.Normal, allowAnnotations, false);
                if (d.Default != null) seenDefault = true;
                else if (seenDefault && !seenStar) ErrorAt(d.Span.Start, d.Span.Length, "parameter without a default follows parameter with a default");
                items.Add(d);
            }
            else
            {
                ErrorHere("invalid syntax");
                while (!AtLineEnd && Kind != TK.Comma && Kind != close) Advance();
            }
            if (Eat(TK.Comma)) continue;
            if (pos == before) break;
            if (Kind != close && !AtLineEnd)
            {
                ErrorHere(Kind == TK.Name ? "invalid syntax" : "invalid syntax");
                while (!AtLineEnd && Kind != TK.Comma && Kind != close) Advance();
                if (Eat(TK.Comma)) continue;
            }
            break;
        }
        var ps = new Parameters();
        foreach (var d in items)
        {
            ps.Items.Add(new Parameter { Name = d.Name, Annotation = d.Annotation, Default = d.Default, Kind = d.Kind, Span = d.Span });
        }
        return Fin(ps, start);
    }

    private ParamData ParseParam(int start, ParameterKind kind, bool allowAnnotations, bool allowStarAnnotation)
    {
        var name = ParseIdentifier();
        Expr? annotation = null, dflt = null;
        if (Kind == TK.Colon && allowAnnotations)
        {
            Advance();
            annotation = allowStarAnnotation && Kind == TK.Star ? ParseStarExpr() : ParseExpression();
        }
        if (Kind == TK.Equal)
        {
            Advance();
            // CPython's invalid_default: "def f(a=, b)" and "lambda a=: 0".
            if (Kind is TK.Comma or TK.RPar || (Kind == TK.Colon && !allowAnnotations)) ErrorAt(lastEnd - 1, 1, "expected default value expression");
            dflt = ParseExpression();
        }
        return new ParamData
        {
            Name = name, Annotation = annotation, Default = dflt, Kind = kind, Start = start,
            Span = lastEnd >= start ? TextSpan.FromBounds(start, lastEnd) : MissingSpan,
        };
    }

    private void ParseTypeParams(List<TypeParam> into)
    {
        Advance(); // [
        while (Kind != TK.RSqb && !AtLineEnd)
        {
            int start = Start;
            var kind = TypeParamKind.TypeVar;
            if (Eat(TK.Star)) kind = TypeParamKind.TypeVarTuple;
            else if (Eat(TK.DoubleStar)) kind = TypeParamKind.ParamSpec;
            var name = ParseIdentifier();
            Expr? bound = null;
            if (Eat(TK.Colon))
            {
                bound = ParseExpression();
                if (kind == TypeParamKind.TypeVarTuple) ErrorAt(bound, "cannot use bound with TypeVarTuple");
                else if (kind == TypeParamKind.ParamSpec) ErrorAt(bound, "cannot use bound with ParamSpec");
            }
            into.Add(Fin(new TypeParam { Name = name, Kind = kind, Bound = bound }, start));
            if (name.IsMissing) break;
            if (!Eat(TK.Comma)) break;
        }
        if (into.Count == 0 && Kind == TK.RSqb) ErrorHere("Type parameter list cannot be empty");
        ExpectClose(TK.RSqb);
    }

    // ───────────────────────────── targets ─────────────────────────────

    private enum TargetUse { Assign, For, With, Delete }

    /// <summary><c>star_targets</c> of for/del/comprehensions: items at the <c>|</c> level, so <c>in</c> stays free.</summary>
    private Expr ParseTargetList() => ParseBareTuple(targets: true);

    private Expr ParseTarget()
    {
        if (Kind != TK.Star) return ParseBinary(1);
        int start = Start;
        Advance();
        return Fin(new Starred { Value = ParseBinary(1) }, start);
    }

    private static Expr? FirstInvalidTarget(Expr e, bool delete)
    {
        switch (e)
        {
            case Name or Attribute or Subscript or Placeholder or ErrorExpr:
                return null;
            case Starred s:
                return delete ? s : FirstInvalidTarget(s.Value, delete);
            case TupleExpr t:
                foreach (var x in t.Elts) if (FirstInvalidTarget(x, delete) is { } bad) return bad;
                return null;
            case ListExpr l:
                foreach (var x in l.Elts) if (FirstInvalidTarget(x, delete) is { } bad) return bad;
                return null;
            default:
                return e;
        }
    }

    private void CheckTarget(Expr target, TargetUse use)
    {
        if (FirstInvalidTarget(target, use == TargetUse.Delete) is not { } bad) return;
        ErrorAt(bad, use == TargetUse.Delete ? $"cannot delete {ExprName(bad)}" : $"cannot assign to {ExprName(bad)}");
    }

    /// <summary>
    /// Checks one target of <c>t1 = t2 = value</c> with CPython's two wordings: the "Maybe you meant '=='" hint
    /// when the bad target directly precedes the last '=' (as CPython's invalid_named_expression rule sees it).
    /// </summary>
    private void CheckAssignTarget(Expr target, bool isLast, Expr value)
    {
        if (target is Yield && !parenthesized.Contains(target))
        {
            ErrorAt(target, "assignment to yield expression not possible");
            return;
        }
        if (FirstInvalidTarget(target, false) is not { } bad) return;
        bool direct = bad == target && !parenthesized.Contains(bad)
            || target is TupleExpr { Parenthesized: false } t && t.Elts[^1] == bad && !parenthesized.Contains(bad);
        var valueHead = value is TupleExpr { Parenthesized: false, Elts.Count: > 0 } vt ? vt.Elts[0] : value;
        if (direct && isLast && IsBitwiseOrLevel(bad) && !IsExcludedFromAssignHint(bad)
            && IsBitwiseOrLevel(valueHead) && valueHead is not Starred)
        {
            ErrorAt(bad, $"cannot assign to {ExprName(bad)} here. Maybe you meant '==' instead of '='?");
            return;
        }
        ErrorAt(bad, $"cannot assign to {ExprName(bad)}");
    }

    private bool IsBitwiseOrLevel(Expr e) =>
        parenthesized.Contains(e) || e is not (BoolOp or Compare or IfExp or Lambda or NamedExpr or Yield or UnaryOp { Op: "not" });

    private bool IsExcludedFromAssignHint(Expr e) =>
        e is Constant { Kind: ConstantKind.True or ConstantKind.False or ConstantKind.None }
            or ComprehensionExpr { Kind: ComprehensionKind.Generator } or ListExpr || e is TupleExpr { Parenthesized: true };

    private void CheckAnnotationTarget(Expr target)
    {
        if (target is TupleExpr) ErrorAt(target, "only single target (not tuple) can be annotated");
        else if (target is ListExpr) ErrorAt(target, "only single target (not list) can be annotated");
        else if (!IsSimpleTarget(target)) ErrorAt(target, "illegal target for annotation");
    }

    private static bool IsSimpleTarget(Expr e) => e is Name or Attribute or Subscript or Placeholder or ErrorExpr;

    /// <summary>CPython's name for an expression in "cannot assign to ..." messages.</summary>
    internal static string ExprName(Expr e) => e switch
    {
        Attribute => "attribute",
        Subscript => "subscript",
        Starred => "starred",
        Name => "name",
        ListExpr => "list",
        TupleExpr => "tuple",
        Lambda => "lambda",
        Call => "function call",
        BoolOp or BinOp or UnaryOp => "expression",
        ComprehensionExpr { Kind: ComprehensionKind.Generator } => "generator expression",
        ComprehensionExpr { Kind: ComprehensionKind.List } => "list comprehension",
        ComprehensionExpr { Kind: ComprehensionKind.Set } => "set comprehension",
        ComprehensionExpr { Kind: ComprehensionKind.Dict } => "dict comprehension",
        Yield => "yield expression",
        Await => "await expression",
        DictExpr => "dict literal",
        SetExpr => "set display",
        StringLiteral { IsFString: true } or FormattedValue => "f-string expression",
        Constant { Kind: ConstantKind.None } => "None",
        Constant { Kind: ConstantKind.True } => "True",
        Constant { Kind: ConstantKind.False } => "False",
        Constant { Kind: ConstantKind.Ellipsis } => "ellipsis",
        Constant or StringLiteral => "literal",
        Compare => "comparison",
        IfExp => "conditional expression",
        NamedExpr => "named expression",
        _ => "expression",
    };
}
