import { Module } from '@nestjs/common';
import { ApiKeyAuthService } from './api-key-auth.service';
import { ApiKeySocketsService } from './api-key-sockets.service';
import { ApiKeysResolver } from './api-keys.resolver';

@Module({ providers: [ApiKeyAuthService, ApiKeySocketsService, ApiKeysResolver], exports: [ApiKeyAuthService, ApiKeySocketsService] })
export class AuthModule {}
