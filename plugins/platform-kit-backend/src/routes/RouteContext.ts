import { ApiRouter as TypedRouter } from '@backstage/backend-openapi-utils';
import { PlatformKitServices } from '../context/PlatformKitServices';
import { spec } from '../schema/openapi.generated';
import { RouteAccess } from './routeAccess';

/** What every resource router gets: who may do what, and the services. */
export interface RouteContext {
  access: RouteAccess;
  services: PlatformKitServices;
}

/** The router the resource routes are added to: typed and validated by the OpenAPI document. */
export type ApiRouter = TypedRouter<typeof spec>;
