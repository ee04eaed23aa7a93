"""The library's rules, as the libraries' own documents state them: the policy and its calendar, fines, loans and
holds (circulation), accounts, patrons and items, interlibrary loan (borrowing and lending) and which notices are
due. Each use case is one transaction; refusals are codes (`codes.Refusal`) in the contract's order."""
