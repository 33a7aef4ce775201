import express from 'express';
import { PlatformKitServices } from '../context/PlatformKitServices';
import { RouteAccess } from './routeAccess';

/** What every resource router gets: who may do what, and the services. */
export interface RouteContext {
  access: RouteAccess;
  services: PlatformKitServices;
}

/** The router the resource routes are added to. */
export type ApiRouter = express.Router;
