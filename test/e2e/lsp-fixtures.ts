/** A small http-server plugin whose symbol holds a pointer (KPA101): the language server tests edit it. */
export const PLUGIN = `package main

import (
\t"context"
\t"net/http"
)

type registerer string

var HandlerRegisterer = &registerer{}

func (r registerer) RegisterHandlers(f func(
\tname string,
\thandler func(context.Context, map[string]interface{}, http.Handler) (http.Handler, error),
)) {
\tf("my-plugin", r.registerHandlers)
}

func (r registerer) registerHandlers(_ context.Context, extra map[string]interface{}, h http.Handler) (http.Handler, error) {
\treturn h, nil // é🚀
}

func main() {}
`;
